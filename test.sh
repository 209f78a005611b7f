#!/usr/bin/env bash
# The second README command: install what is missing, build, and run every test: the unit and
# HTTP tests, the same under AddressSanitizer and UndefinedBehaviorSanitizer, the OpenAPI lint,
# the generated-docs check and the scan of the database files for plaintext.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh --with-node
scripts/build.sh build
(cd build && ctest --output-on-failure -j2 --timeout 900)
scripts/check-docs.sh build/lianban
echo "== sanitizer build (ASan + UBSan)"
# -O1 and line tables only: a third faster to build than -O2 -g, and asserts stay on.
scripts/build.sh build-asan -DLIANBAN_SANITIZE=ON -DLIANBAN_BENCH=OFF \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j2 --timeout 1800)
echo "all checks passed"
