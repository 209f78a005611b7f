#!/usr/bin/env bash
# The first README command: install what is missing, build, create a data directory with demo
# users (admin, caseworker, reviewer of MZ, supervisor, auditor; created only when missing), print
# how to sign in, and serve on 127.0.0.1:8080 (LIANBAN_DATA and LIANBAN_LISTEN override).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh build
exec scripts/demo.sh build/lianban "${LIANBAN_DATA:-./data}" "${LIANBAN_LISTEN:-127.0.0.1:8080}"
