#!/usr/bin/env bash
# pg_cluster.sh -- a throwaway PostgreSQL cluster for tests.
#
#   scripts/pg_cluster.sh start DIR   initdb in DIR (new or empty), start the
#                                     server on a free 127.0.0.1 port and
#                                     print its URL on stdout:
#                                     postgres://petory@127.0.0.1:PORT/petory
#   scripts/pg_cluster.sh stop DIR    stop it (immediate) and remove DIR
#   scripts/pg_cluster.sh down DIR    stop the server, keep DIR (outages)
#   scripts/pg_cluster.sh up DIR      start it again on the same port
#   scripts/pg_cluster.sh url DIR     print the URL again
#
# The server runs as an unprivileged user, as PostgreSQL requires: as root
# (CI) the system user petory-pg, created when missing; otherwise the
# current user.  It listens on 127.0.0.1 only, its unix socket lives in
# DIR, fsync is off (a test cluster is never worth a disk flush) and
# every local connection is trusted.  The extensions PETORY's migrations
# need (pg_trgm, cube, earthdistance; earthdistance needs a superuser) are
# installed in template1, so every database created afterwards has them;
# the role `petory` (LOGIN CREATEDB, pg_signal_backend, not a superuser)
# owns the database `petory`.  Progress goes to stderr; only the URL goes to stdout.
#
# Environment: PG_BIN overrides the directory of initdb/pg_ctl (default:
# the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

usage() {
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

die() {
	echo "pg_cluster: $*" >&2
	exit 1
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
[ -n "$dir" ] || usage
if [ -d "$dir" ]; then
	dir=$(cd "$dir" && pwd)
fi

if [ -z "${PG_BIN:-}" ]; then
	PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "${PG_BIN:-}/initdb" ] ||
	die "no PostgreSQL server binaries (install postgresql-15, or set PG_BIN)"

owner=$(id -un)
run=()
if [ "$(id -u)" -eq 0 ]; then
	owner=petory-pg
	run=(runuser -u "$owner" --)
fi

# The cluster's marker: stop removes only directories that carry it.
marker=.petory-pg-cluster

as_owner() {
	(cd "$dir" && "${run[@]}" "$@")
}

free_port() {
	local py
	for py in /usr/bin/python3 python3; do
		if command -v "$py" >/dev/null 2>&1; then
			"$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' && return 0
		fi
	done
	# No Python: a port in the dynamic range that nothing answers on.
	local p
	for _ in $(seq 50); do
		p=$((49152 + RANDOM % 16000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

url() {
	echo "postgres://petory@127.0.0.1:$(cat "$dir/port")/petory"
}

server_start() {
	local port=$1
	as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port \
-c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" start \
		>>"$dir/pg_ctl.log" 2>&1
}

psql_admin() {
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
		-p "$(cat "$dir/port")" -U postgres "$@" >&2
}

ensure_owner() {
	if [ "$owner" = petory-pg ] && ! id petory-pg >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin petory-pg >&2 ||
			id petory-pg >/dev/null 2>&1 ||
			die "cannot create the user petory-pg"
	fi
}

start() {
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	case "$dir" in
	*[!A-Za-z0-9_./-]*) die "$dir: use a path without spaces or quotes" ;;
	esac
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	ensure_owner
	touch "$dir/$marker"
	if [ "$owner" = petory-pg ]; then
		chown petory-pg "$dir"
		chmod 700 "$dir"
		runuser -u petory-pg -- test -w "$dir" ||
			die "petory-pg cannot write to $dir (is a parent directory private?)"
	fi
	as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
		{
			cat "$dir/initdb.log" >&2
			die "initdb failed"
		}
	# The port is free when chosen but not reserved: try a few.
	local attempt port
	for attempt in 1 2 3 4 5; do
		port=$(free_port) || die "no free port"
		if server_start "$port"; then
			echo "$port" >"$dir/port"
			break
		fi
		[ "$attempt" -lt 5 ] || {
			tail -n 20 "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
			die "the server did not start"
		}
	done
	psql_admin -d template1 -c 'CREATE EXTENSION pg_trgm' \
		-c 'CREATE EXTENSION cube' -c 'CREATE EXTENSION earthdistance'
	# pg_signal_backend: a test's DROP DATABASE … WITH (FORCE) may have to
	# end an autovacuum worker on that database, which belongs to no role
	psql_admin -d postgres -c 'CREATE ROLE petory LOGIN CREATEDB' \
		-c 'GRANT pg_signal_backend TO petory' \
		-c 'CREATE DATABASE petory OWNER petory'
	url
}

stop() {
	[ -d "$dir" ] || return 0
	[ -e "$dir/$marker" ] || die "$dir is not a cluster of this script; not removing it"
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
down)
	[ -e "$dir/$marker" ] || die "$dir is not a cluster of this script"
	as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop \
		>>"$dir/pg_ctl.log" 2>&1 || die "pg_ctl stop failed (see $dir/pg_ctl.log)"
	;;
up)
	[ -e "$dir/$marker" ] || die "$dir is not a cluster of this script"
	server_start "$(cat "$dir/port")" ||
		die "the server did not start again (see $dir/server.log)"
	;;
url) url ;;
*) usage ;;
esac
