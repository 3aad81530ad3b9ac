#!/usr/bin/env bash
# fanout.sh -- the midnight DAILY_QUESTION fan-out, petory against the
# sqlite3 shell, on the same schema and the same data, in the same run.
#
#   bench/fanout.sh [N ...]        default: 100000 1000000 users
#   RUNS=5 bench/fanout.sh         repetitions per size (default 3)
#
# For each N: petoryctl init makes a database, the sqlite3 shell fills it
# with N users (90% ACTIVE, 4% SUSPENDED, 3% DEACTIVATED, 3% DELETED) and
# checkpoints it.  Then, on fresh copies of that file, alternately:
#
#   work     bench/fanout_driver times one petory_batch_daily_notify call
#            (one transaction: the set-based INSERT ... SELECT and its
#            job-run record, committed); the sqlite3 shell runs the same
#            INSERT ... SELECT and record in one transaction with the same
#            pragmas, timed by its own `.timer on` (sum of the statements).
#   process  `petoryctl batch daily-notify --date D` and the shell, each
#            timed from process start to exit (loading, opening, closing).
#
# The best time of RUNS runs is kept for each (the machine is shared, the
# minimum is the least noisy estimate).  Target: petory's work <= 1.5x the
# shell's.  Not part of ctest: no timings in tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD=${PETORY_BUILD:-build}
CTL=$BUILD/cli/petoryctl
[ -x "$CTL" ] || { echo "fanout.sh: build first (scripts/test.sh)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "fanout.sh: needs the sqlite3 shell" >&2; exit 1; }

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=$(mktemp -d /tmp/petory-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

cc -O2 -Iinclude bench/fanout_driver.c -o "$work/fanout_driver" \
	-L"$BUILD/libpetory" -lpetory -Wl,-rpath,"$PWD/$BUILD/libpetory"

now_ns() { date +%s%N; }

# The statement petory runs (store/sqlite/statements.h, NOTIFICATION_FANOUT,
# here over every user id at once) and its job-run record.
shell_sql() {
	cat <<SQL
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA temp_store = MEMORY;
.timer on
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO notifications(user_id, type, content, link, day, created_at)
SELECT id, 0, '오늘의 질문이 도착했습니다! Today''s question is here.',
  '/daily-questions/today',
  '2030-01-01', $1 FROM users u
WHERE status = 0 AND id BETWEEN 1 AND (SELECT max(id) FROM users)
  AND NOT EXISTS (SELECT 1 FROM notifications n
    WHERE n.user_id = u.id AND n.type = 0 AND n.day = '2030-01-01');
INSERT INTO job_runs(job, day, finished_at, affected)
VALUES('daily-notify', '2030-01-01', $1, changes())
ON CONFLICT(job, day) DO NOTHING;
COMMIT;
SQL
}

# Sum of the "real" seconds of the shell's .timer lines, in ns.
timer_ns() {
	awk '/^Run Time:/ { s += $4 } END { printf "%.0f\n", s * 1e9 }'
}

min() { if [ "$1" = 0 ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }

printf '%-9s | %-30s | %-30s | %s\n' "" "work (best of ${RUNS:-3})" \
	"process (best of ${RUNS:-3})" ""
printf '%-9s | %9s %9s %9s | %9s %9s %9s | %s\n' users petory_s sqlite3_s \
	ratio petory_s sqlite3_s ratio notified
for n in "${sizes[@]}"; do
	base="$work/base.db"
	rm -f "$base"*
	"$CTL" --db "$base" init >/dev/null
	sqlite3 "$base" >/dev/null <<SQL
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n)
INSERT INTO users(email, email_norm, nickname, timezone, roles, status,
  created_at, updated_at, status_changed_at)
SELECT 'u' || i || '@bench.test', 'u' || i || '@bench.test', 'user' || i,
  'Asia/Seoul', 1,
  CASE WHEN i % 100 < 90 THEN 0 WHEN i % 100 < 94 THEN 1
       WHEN i % 100 < 97 THEN 2 ELSE 3 END,
  1795564800000, 1795564800000, 1795564800000
FROM seq;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
	want=$(sqlite3 "$base" "SELECT count(*) FROM users WHERE status = 0")
	wp=0 ws=0 pp=0 ps=0
	for _ in $(seq "${RUNS:-3}"); do
		for f in a b c d; do cp "$base" "$work/$f.db"; done
		sync
		read -r secs got < <("$work/fanout_driver" "$work/a.db" 2030-01-01)
		[ "$got" = "$want" ] || { echo "fanout.sh: petory notified $got of $want" >&2; exit 1; }
		wp=$(min "$wp" "$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1e9 }')")
		ws=$(min "$ws" "$(shell_sql "$(($(date +%s) * 1000))" |
			sqlite3 "$work/b.db" | timer_ns)")

		t0=$(now_ns)
		"$CTL" --db "$work/c.db" batch daily-notify --date 2030-01-01 >/dev/null
		t1=$(now_ns)
		shell_sql "$(($(date +%s) * 1000))" | sqlite3 "$work/d.db" >/dev/null
		t2=$(now_ns)
		pp=$(min "$pp" $((t1 - t0)))
		ps=$(min "$ps" $((t2 - t1)))
		got=$(sqlite3 "$work/d.db" "SELECT count(*) FROM notifications")
		[ "$got" = "$want" ] || { echo "fanout.sh: the shell notified $got of $want" >&2; exit 1; }
		rm -f "$work"/[abcd].db*
	done
	awk -v n="$n" -v wp="$wp" -v ws="$ws" -v pp="$pp" -v ps="$ps" -v c="$want" \
		'BEGIN { printf "%-9d | %9.3f %9.3f %8.2fx | %9.3f %9.3f %8.2fx | %d\n",
			n, wp / 1e9, ws / 1e9, wp / ws, pp / 1e9, ps / 1e9, pp / ps, c }'
done
