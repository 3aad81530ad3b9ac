#!/usr/bin/env bash
# run.sh -- install what is missing, build, and start petory-httpd in the
# foreground.  With no arguments it serves ./petory.db (in the repository
# root) on http://127.0.0.1:8080; arguments go to petory-httpd as they are
# (see build/httpd/petory-httpd --help).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
exec build/httpd/petory-httpd "$@"
