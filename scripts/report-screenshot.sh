#!/usr/bin/env bash
# Renders the consortium report that auditors see — of a fixed demo history, so it is the same on
# every machine — in headless Chromium (Debian's chromium package, installed when missing) and
# saves docs/report-screenshot.png, with docs/report-screenshot.sha256, the hash of the HTML it
# shows. tests/services/report_screenshot_test.cpp renders the same report and fails when the hash
# differs: the report changed, so run this script again and commit both files.
# Usage: scripts/report-screenshot.sh [path/to/lianban]   (default: build/lianban)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/lianban}")
# The fixed history; the test uses the same values (keep them in step).
households=120 matters=60 seed=2025 now=2026-10-30 from=2026-10-01 to=2026-10-31

# Chromium, and a CJK font so the Chinese labels render as text, not boxes.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "wqy zen hei"; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" init --data "$tmp/data" >/dev/null
"$bin" demo-data --data "$tmp/data" --count "$households" --matters "$matters" --seed "$seed" \
  --now "$now" >/dev/null
"$bin" report --data "$tmp/data" --from "$from" --to "$to" --format html --out "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1280,2200 --screenshot="$tmp/report.png" "file://$tmp/report.html" 2>/dev/null
cp "$tmp/report.png" docs/report-screenshot.png
sha256sum "$tmp/report.html" | cut -d' ' -f1 >docs/report-screenshot.sha256
echo "docs/report-screenshot.png and .sha256 refreshed ($(cat docs/report-screenshot.sha256))"
