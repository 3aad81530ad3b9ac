#!/usr/bin/env bash
# web_bench.sh -- the web app's figures (design.md, "Performance targets"):
# the compressed JS and CSS that the first load of /app/places fetches
# (target <= 150 KB), and Lighthouse's performance (>= 90) and
# accessibility (>= 95) scores of /app/places and /app/community, on a
# server holding the real places of ../shared/data/places and 200 posts.
# Each figure is printed with its ratio to the target.
#
#   bench/web_bench.sh          build, then measure
# Needs the build (scripts/setup.sh) and Debian's chromium; installs
# Lighthouse into bench/web/node_modules from bench/web/package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${BUILD:-$PWD/build}
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
if [ ! -d bench/web/node_modules/lighthouse ]; then
	(cd bench/web && npm ci --no-audit --no-fund >/dev/null)
fi
export PETORY_HTTPD="$BUILD/httpd/petory-httpd" PETORY_CTL="$BUILD/cli/petoryctl"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
exec node bench/web/web_bench.mjs
