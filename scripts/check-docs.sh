#!/usr/bin/env bash
# Docs that must stay true: the OpenAPI file lints clean.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f docs/openapi.yaml ]; then
  npx --yes @redocly/cli@1.34.5 lint --format=stylish docs/openapi.yaml
fi
