#!/usr/bin/env bash
# setup.sh -- install the Debian packages PETORY needs (only those that
# are missing; silent when everything is there), then configure and build
# everything with CMake into build/.
#
#   scripts/setup.sh              install what is missing, build build/
#   scripts/setup.sh --deps-only  only install what is missing
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
	build-essential cmake pkg-config clang-format
	libsqlite3-dev sqlite3 libsodium-dev libjansson-dev
	libcurl4-openssl-dev libmicrohttpd-dev libcriterion-dev
	libutf8proc-dev libical-dev libhiredis-dev libwslay-dev nettle-dev
	libexif-dev libpq-dev postgresql-15 postgresql-contrib
	redis-server python3 python3-aiosmtpd python3-pil
	libimage-exiftool-perl clang
	python3-websockets python3-jsonschema python3-psycopg2 curl
	ca-certificates
	wrk prometheus
	chromium fonts-nanum fonts-noto-color-emoji
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
		missing+=("$p")
	fi
done

# The web app (web/) is built with Node.js and npm; any Node.js >= 18
# will do (Debian's, or one installed otherwise that brings its own npm).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		sudo=(sudo)
	fi
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -q
	"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" = "--deps-only" ]; then
	exit 0
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
