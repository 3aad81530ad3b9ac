#!/usr/bin/env bash
# test.sh -- install what is missing, build, and run every test: the CTest
# suite in build/, the same suite again in an ASan+UBSan build in
# build-asan/, and a clang-format check of every C file.  One throwaway
# PostgreSQL cluster (scripts/pg_cluster.sh) serves both runs' PostgreSQL
# tests (PETORY_TEST_PG_URL) and is stopped at the end whatever happens.
# Exits non-zero when anything fails (every part runs, so one report shows
# all failures).
#
#   scripts/test.sh                 everything
#   scripts/test.sh --no-sanitize   skip the sanitizer build and run
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

sanitize=1
for arg in "$@"; do
	case "$arg" in
	--no-sanitize) sanitize=0 ;;
	-h | --help)
		sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "test.sh: unknown argument '$arg' (try --help)" >&2
		exit 2
		;;
	esac
done

jobs=$(nproc)
failed=()

step() { printf '\n== %s\n' "$*"; }

step "packages"
scripts/setup.sh --deps-only || exit 1

step "clang-format"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t sources < <(git ls-files --cached --others --exclude-standard \
		-- '*.c' '*.h')
else
	mapfile -t sources < <(find . \( -path './build*' -o \
		-path '*/node_modules' \) -prune -o \
		\( -name '*.c' -o -name '*.h' \) -print)
fi
existing=()
for f in "${sources[@]}"; do
	[ -f "$f" ] && existing+=("$f")
done
if [ ${#existing[@]} -gt 0 ] &&
	! clang-format --dry-run -Werror "${existing[@]}"; then
	failed+=("clang-format (run: clang-format -i <file>)")
else
	echo "${#existing[@]} files formatted"
fi

step "build (build/)"
if ! scripts/setup.sh; then
	echo "test.sh: the build failed" >&2
	exit 1
fi

step "PostgreSQL cluster"
if [ -n "${PETORY_TEST_PG_URL:-}" ]; then
	echo "using PETORY_TEST_PG_URL=$PETORY_TEST_PG_URL"
else
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/petory-test-pg.XXXXXX")
	stop_cluster() {
		scripts/pg_cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
		rm -rf "$pg_dir"
	}
	trap stop_cluster EXIT
	trap 'exit 130' INT TERM
	if PETORY_TEST_PG_URL=$(scripts/pg_cluster.sh start "$pg_dir"); then
		export PETORY_TEST_PG_URL
		echo "$PETORY_TEST_PG_URL"
	else
		failed+=("the PostgreSQL cluster (scripts/pg_cluster.sh start)")
	fi
fi

step "ctest (build/)"
if ! (cd build && ctest --output-on-failure -j"$jobs"); then
	failed+=("ctest in build/")
fi

if [ "$sanitize" = 1 ]; then
	step "ASan+UBSan build (build-asan/)"
	if cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DPETORY_SANITIZE=ON >/dev/null &&
		cmake --build build-asan -j"$jobs"; then
		step "ctest (build-asan/)"
		if ! (cd build-asan &&
			ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			ctest --output-on-failure -j"$jobs"); then
			failed+=("ctest in build-asan/")
		fi
	else
		failed+=("the sanitizer build")
	fi
fi

if [ ${#failed[@]} -gt 0 ]; then
	printf '\ntest.sh: FAILED: %s\n' "${failed[@]}" >&2
	exit 1
fi
printf '\ntest.sh: all tests passed\n'
