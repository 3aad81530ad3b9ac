#!/usr/bin/env bash
# ws_bench.sh -- build, then measure the chat WebSocket: idle server RSS,
# 2,000 idle connections (memory per connection) and message latency
# p50/p99 over 100 active pairs (bench/ws_bench.py), against design.md's
# targets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export BUILD=${BUILD:-$PWD/build}
cmake --build "$BUILD" --target bench -j"$(nproc)" >/dev/null
export PETORY_HTTPD="$BUILD/httpd/petory-httpd" PETORY_CTL="$BUILD/cli/petoryctl"
exec /usr/bin/python3 bench/ws_bench.py
