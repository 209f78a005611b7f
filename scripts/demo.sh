#!/usr/bin/env bash
# Prepares a demo data directory (once) and serves it. Usage: demo.sh BINARY DATA_DIR LISTEN
set -euo pipefail
bin=$1 data=$2 listen=$3
"$bin" init --data "$data"
echo "Lianban is starting on http://$listen (data in $data)."
exec "$bin" serve --data "$data" --listen "$listen"
