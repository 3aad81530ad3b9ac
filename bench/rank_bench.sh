#!/usr/bin/env bash
# rank_bench.sh -- build the bench target, then measure GET /places/rank
# on petory-httpd against a bare libmicrohttpd server with a body of the
# same size (wrk, 64 connections, 2 threads, 10 s each, same run), and
# the likes benchmark (64 users toggling likes; counts checked exact).
#
#   bench/rank_bench.sh            both benchmarks
#   BENCH_SECONDS=5 bench/rank_bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export BUILD=${BUILD:-$PWD/build}
cmake --build "$BUILD" --target bench -j"$(nproc)" >/dev/null
export PETORY_HTTPD="$BUILD/httpd/petory-httpd" PETORY_CTL="$BUILD/cli/petoryctl"
status=0
/usr/bin/python3 bench/rank_bench.py || status=$?
/usr/bin/python3 bench/likes_bench.py || status=$?
exit $status
