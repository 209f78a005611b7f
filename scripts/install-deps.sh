#!/usr/bin/env bash
# Installs the Debian 12 packages Lianban builds and tests with; does nothing when all are present.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config libboost1.81-dev libsqlite3-dev libsodium-dev
          nlohmann-json3-dev libgtest-dev libbenchmark-dev libcli11-dev curl ca-certificates)
if [ "${1:-}" = "--with-node" ] && ! command -v npx >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
