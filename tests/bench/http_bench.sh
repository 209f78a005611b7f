#!/usr/bin/env bash
# HTTP throughput: starts `lianban serve` on a fresh data directory, signs in a caseworker and runs
# wrk against GET /healthz and POST /v1/screenings (a generated household, Bearer token) in the same
# run, then prints both rates and their ratio (bar: screenings >= 30 % of /healthz).
# Usage: tests/bench/http_bench.sh [path/to/lianban]   env: DURATION (10s), CONNECTIONS (16),
#        WRK_THREADS (1), SEED (7), AS_OF (2025-09-01)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-build/lianban}")
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
wrk_threads=${WRK_THREADS:-1}
seed=${SEED:-7}
as_of=${AS_OF:-2025-09-01}
password='bench-password-2026'

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" init --data "$work/data" >/dev/null
printf '%s\n' "$password" | "$bin" user add --data "$work/data" --username bench \
  --role caseworker --pwhash-profile test >/dev/null
"$bin" serve --data "$work/data" --listen 127.0.0.1:0 --pwhash-profile test >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  grep -q 'listening on http://' "$work/serve.log" && break
  sleep 0.1
done
address=$(sed -n 's|.*listening on http://\([^ ]*\).*|\1|p' "$work/serve.log" | head -1)
[[ -n "$address" ]] || { echo "server did not start:"; cat "$work/serve.log"; exit 1; }
base="http://$address"

token=$(curl -sf -X POST "$base/v1/sessions" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$password\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

household=$("$bin" gen-households --count 1 --seed "$seed")
body="{\"as_of\":\"$as_of\",\"household\":$household}"
status=$(curl -s -o "$work/one.json" -w '%{http_code}' -X POST "$base/v1/screenings" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d "$body")
[[ "$status" == 200 ]] || { echo "POST /v1/screenings answered $status:"; cat "$work/one.json"; exit 1; }
echo "one screening response: $(wc -c <"$work/one.json") bytes"

python3 - "$work/post.lua" "$token" "$body" <<'PY'
import json, sys
path, token, body = sys.argv[1:4]
with open(path, "w", encoding="utf-8") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.headers["Content-Type"] = "application/json"\n')
    f.write('wrk.headers["Authorization"] = "Bearer " .. %s\n' % json.dumps(token, ensure_ascii=False))
    f.write('wrk.body = %s\n' % json.dumps(body, ensure_ascii=False))
PY

run_wrk() {  # label, extra args...
  local label=$1; shift
  wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$@" >"$work/$label.txt"
  echo "== $label"; cat "$work/$label.txt"
}
run_wrk healthz "$base/healthz"
run_wrk screenings -s "$work/post.lua" "$base/v1/screenings"

rate() { awk '/^Requests\/sec:/ {print $2}' "$work/$1.txt"; }
errors() { awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/$1.txt"; }
h=$(rate healthz); s=$(rate screenings)
echo
echo "GET /healthz          : $h requests/s (non-2xx: $(errors healthz || true))"
echo "POST /v1/screenings   : $s requests/s (non-2xx: $(errors screenings || true))"
python3 -c "h, s = $h, $s; print(f'ratio screenings/healthz: {s / h:.2f} ({100 * s / h:.0f} %, bar >= 30 %)')"
