#!/usr/bin/env bash
# pg_bench.sh -- the PostgreSQL benchmarks of issue 11, each printed beside
# its SQLite twin from the same run:
#
#   likes    64 users toggling likes over HTTP (counts checked exact);
#            target >= 5,000 toggles/s on both
#   rank     GET /places/rank at 64 connections against a bare
#            libmicrohttpd server with a body of the same size
#   fan-out  the daily notification to 100,000 users against the same
#            statement in the sqlite3 shell / psql (fanout.sh, fanout_pg.sh)
#
#   bench/pg_bench.sh                  everything
#   BENCH_SECONDS=5 FANOUT_USERS=50000 bench/pg_bench.sh
#
# The PostgreSQL cluster is a throwaway one (scripts/pg_cluster.sh) with
# fsync on and synchronous_commit off: durable but for the last moments
# before a crash, as SQLite's WAL with synchronous=NORMAL.  Not part of
# ctest: no timings in tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export BUILD=${BUILD:-$PWD/build}
cmake --build "$BUILD" --target bench -j"$(nproc)" >/dev/null
export PETORY_HTTPD="$BUILD/httpd/petory-httpd" PETORY_CTL="$BUILD/cli/petoryctl"

work=$(mktemp -d /tmp/petory-pgbench-XXXXXX)
chmod 755 "$work"
trap 'scripts/pg_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
url=$(scripts/pg_cluster.sh start "$work/pg")
PGOPTIONS="-c client_min_messages=warning" psql -X -q \
	"${url/\/\/petory@/\/\/postgres@}" \
	-c "ALTER SYSTEM SET fsync = on" \
	-c "ALTER SYSTEM SET synchronous_commit = off" \
	-c "SELECT pg_reload_conf()" >/dev/null

status=0
for db in sqlite postgres; do
	echo "== likes, $db"
	PETORY_TEST_DB=$db PETORY_TEST_PG_URL=$url \
		/usr/bin/python3 bench/likes_bench.py | grep -v '^openapi:' || status=$?
done
for db in sqlite postgres; do
	echo "== GET /places/rank, $db"
	PETORY_TEST_DB=$db PETORY_TEST_PG_URL=$url \
		/usr/bin/python3 bench/rank_bench.py | grep -v '^openapi:' || status=$?
done
echo "== fan-out, sqlite"
PETORY_BUILD=$BUILD bench/fanout.sh "${FANOUT_USERS:-100000}" || status=$?
echo "== fan-out, postgres"
PETORY_BUILD=$BUILD bench/fanout_pg.sh "${FANOUT_USERS:-100000}" || status=$?
exit $status
