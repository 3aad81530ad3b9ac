#!/usr/bin/env bash
# fanout_pg.sh -- the midnight DAILY_QUESTION fan-out on PostgreSQL, petory
# against psql running the same statement, on the same data, in one run
# (the PostgreSQL twin of fanout.sh).
#
#   bench/fanout_pg.sh [N ...]        default: 100000 users
#   RUNS=5 bench/fanout_pg.sh         repetitions per size (default 3)
#
# A throwaway cluster (scripts/pg_cluster.sh) with fsync on and
# synchronous_commit off (durable but for the last moments before a crash,
# like SQLite's WAL with synchronous=NORMAL).  For each N: petoryctl init
# migrates a template database, psql fills it with N users (90% ACTIVE);
# then, on fresh copies (CREATE DATABASE … TEMPLATE), alternately:
#
#   petory   bench/fanout_driver times one petory_batch_daily_notify call
#            (one transaction: the INSERT … SELECT of
#            store/postgres/sql_notifications.h and its job-run record);
#   psql     the same INSERT … SELECT and job-run record in one
#            transaction, timed by psql's own \timing (sum of statements).
#
# The best of RUNS is kept for each.  Target: petory <= 1.5x psql.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD=${PETORY_BUILD:-build}
CTL=$BUILD/cli/petoryctl
[ -x "$CTL" ] || { echo "fanout_pg.sh: build first (scripts/test.sh)" >&2; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)
work=$(mktemp -d /tmp/petory-bench-XXXXXX)
chmod 755 "$work"
cluster="$work/pg"
trap 'scripts/pg_cluster.sh stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
url=$(scripts/pg_cluster.sh start "$cluster")
base_url=${url%/*}
psql_q() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# the cluster's superuser (trusted on loopback) may change its settings
super_url="${url/\/\/petory@/\/\/postgres@}"
psql_q "$super_url" -c "ALTER SYSTEM SET fsync = on" \
	-c "ALTER SYSTEM SET synchronous_commit = off" -c "SELECT pg_reload_conf()" >/dev/null

cc -O2 -Iinclude bench/fanout_driver.c -o "$work/fanout_driver" \
	-L"$BUILD/libpetory" -lpetory -Wl,-rpath,"$PWD/$BUILD/libpetory"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
min() { if [ "$1" = 0 ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }

# The statement petory runs (NOTIFICATION_FANOUT) and its job-run record.
psql_sql() {
	cat <<SQL
\\timing on
BEGIN;
INSERT INTO notifications(user_id, type, content, link, day, created_at)
SELECT id, 0, '오늘의 질문이 도착했습니다! Today''s question is here.',
  '/daily-questions/today', '2030-01-01', $1 FROM users
WHERE status = 0
ON CONFLICT (user_id, type, day) WHERE day IS NOT NULL DO NOTHING;
INSERT INTO job_runs(job, day, finished_at, affected)
VALUES('daily-notify', '2030-01-01', $1, 0) ON CONFLICT (job, day) DO NOTHING;
COMMIT;
SQL
}
# Sum of psql's "Time: X ms" lines, in ns.
timing_ns() { awk '/^Time:/ { s += $2 } END { printf "%.0f\n", s * 1e6 }'; }

printf '%-9s | %9s %9s %9s | %s\n' users petory_s psql_s ratio notified
for n in "${sizes[@]}"; do
	psql_q "$url" -c "DROP DATABASE IF EXISTS fanout_base" \
		-c "CREATE DATABASE fanout_base" >/dev/null
	"$CTL" --db "$base_url/fanout_base" init >/dev/null
	psql_q "$base_url/fanout_base" >/dev/null <<SQL
INSERT INTO users(email, email_norm, nickname, timezone, roles, status,
  created_at, updated_at, status_changed_at)
SELECT 'u' || i || '@bench.test', 'u' || i || '@bench.test', 'user' || i,
  'Asia/Seoul', 1,
  CASE WHEN i % 100 < 90 THEN 0 WHEN i % 100 < 94 THEN 1
       WHEN i % 100 < 97 THEN 2 ELSE 3 END,
  1795564800000, 1795564800000, 1795564800000
FROM generate_series(1, $n) AS i;
ANALYZE users;
SQL
	want=$(psql -X -At "$base_url/fanout_base" -c "SELECT count(*) FROM users WHERE status = 0")
	wp=0 ws=0
	for _ in $(seq "${RUNS:-3}"); do
		for f in a b; do
			psql_q "$url" -c "DROP DATABASE IF EXISTS fanout_$f" \
				-c "CREATE DATABASE fanout_$f TEMPLATE fanout_base" >/dev/null
		done
		read -r secs got < <("$work/fanout_driver" "$base_url/fanout_a" 2030-01-01)
		[ "$got" = "$want" ] || { echo "fanout_pg.sh: petory notified $got of $want" >&2; exit 1; }
		wp=$(min "$wp" "$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1e9 }')")
		ws=$(min "$ws" "$(psql_sql "$(now_ms)" | psql -X "$base_url/fanout_b" | timing_ns)")
		got=$(psql -X -At "$base_url/fanout_b" -c "SELECT count(*) FROM notifications")
		[ "$got" = "$want" ] || { echo "fanout_pg.sh: psql notified $got of $want" >&2; exit 1; }
	done
	awk -v n="$n" -v wp="$wp" -v ws="$ws" -v c="$want" \
		'BEGIN { printf "%-9d | %9.3f %9.3f %8.2fx | %d\n", n, wp / 1e9, ws / 1e9, wp / ws, c }'
done
