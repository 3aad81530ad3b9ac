#!/usr/bin/env bash
# lost_pets_bench.sh -- the lost-pet alert figures of issue 13 on SQLite and
# PostgreSQL (a throwaway cluster, scripts/pg_cluster.sh): 100,000 watched
# areas over Korea, the match for one alert (target <= 5 ms) and whole
# alerts with their ~1,000 notifications (target <= 50 ms), each printed
# with its ratio to the target.  Not part of ctest: no timings in tests.
#
#   bench/lost_pets_bench.sh            both backends
#   BUILD=build-release bench/lost_pets_bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${BUILD:-$PWD/build}
cmake --build "$BUILD" --target lost_pets_bench -j"$(nproc)" >/dev/null

work=$(mktemp -d /tmp/petory-lostbench-XXXXXX)
chmod 755 "$work"
trap 'scripts/pg_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== lost-pet alerts, sqlite"
"$BUILD/bench/lost_pets_bench" "$work/bench.db"
echo "== lost-pet alerts, postgres"
url=$(scripts/pg_cluster.sh start "$work/pg")
"$BUILD/bench/lost_pets_bench" "$url"
