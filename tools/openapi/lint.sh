#!/bin/sh
# lint.sh -- redocly lint of docs/openapi.json (CTest: openapi_lint).
# Installs the pinned @redocly/cli (package-lock.json) when node_modules
# is missing, prints the report, and fails on any error or warning that
# .redocly.lint-ignore.yaml does not list.
set -eu
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/redocly ]; then
	npm ci --no-audit --no-fund
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
doc=../../docs/openapi.json
status=0
node_modules/.bin/redocly lint --config redocly.yaml --format=stylish "$doc" || status=$?
totals=$(node_modules/.bin/redocly lint --config redocly.yaml --format=json "$doc" 2>/dev/null |
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).totals;console.log(t.errors+" "+t.warnings+" "+t.ignored)})') || status=1
set -- $totals
echo "openapi_lint: ${1:-?} errors, ${2:-?} warnings (${3:-?} listed in .redocly.lint-ignore.yaml)"
if [ "$status" -ne 0 ] || [ "${1:-1}" != 0 ] || [ "${2:-1}" != 0 ]; then
	exit 1
fi
