#!/usr/bin/env bash
# The first README command: install what is missing, build, create a data directory with a demo
# admin, caseworker, reviewer and auditor plus synthetic households, and serve on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh build
exec scripts/demo.sh build/lianban "${LIANBAN_DATA:-./data}" "${LIANBAN_LISTEN:-127.0.0.1:8080}"
