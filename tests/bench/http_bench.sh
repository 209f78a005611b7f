#!/usr/bin/env bash
# HTTP throughput against same-run baselines. Starts the real `lianban serve` (test Argon2 profile,
# as the tests do) on a fresh data directory with HOUSEHOLDS synthetic households registered by
# `lianban demo-data`, signs in a caseworker and runs wrk (Lua scripts for bodies and the Bearer
# header) against:
#   screenings: GET /healthz, then POST /v1/screenings            (bar: >= 30 % of /healthz)
#   reads:      GET /healthz, then GET /v1/households/{random id}  (bar: >= 20 %, p99 < 10 ms)
#   writes:     GET /healthz, then POST /v1/households (a new one-person household each request)
# each pair at the same connection count, and prints the rates, p99 latencies and ratios.
# Usage: tests/bench/http_bench.sh [path/to/lianban]
#   latency:    GET /healthz, then GET /v1/households/{random id} on one connection
# env: BENCHES ("screenings reads writes"; add latency), DURATION (10s), CONNECTIONS (16, screenings/writes),
#      READ_CONNECTIONS (64), WRK_THREADS (2), HOUSEHOLDS (10000), SEED (7), AS_OF (2025-09-01),
#      KEEP_DATA (a directory to keep the data in; reused when it already holds HOUSEHOLDS)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-build/lianban}")
benches=${BENCHES:-screenings reads writes}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
read_connections=${READ_CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
households=${HOUSEHOLDS:-10000}
seed=${SEED:-7}
as_of=${AS_OF:-2025-09-01}
password='bench-password-2026'

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
work=$(mktemp -d)
data=${KEEP_DATA:-$work/data}
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "date: $(date -u +%FT%TZ)  machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ! -f "$data/registered" ]]; then
  "$bin" init --data "$data" >/dev/null
  printf '%s\n' "$password" | "$bin" user add --data "$data" --username bench \
    --role caseworker --pwhash-profile test >/dev/null
  start=$(date +%s.%N)
  "$bin" demo-data --data "$data" --count "$households" --seed 2025 | tee "$work/demo.txt"
  end=$(date +%s.%N)
  registered=$(sed -n 's/^demo households: \([0-9]*\) registered.*/\1/p' "$work/demo.txt")
  echo "$registered" >"$data/registered"
  python3 -c "n, s = $registered, $end - $start; print(f'demo-data: {n} households in {s:.1f} s ({n / s:.0f} households/s)')"
fi
registered=$(cat "$data/registered")
echo "households registered: $registered"

"$bin" serve --data "$data" --listen 127.0.0.1:0 --pwhash-profile test >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do
  grep -q 'listening on http://' "$work/serve.log" && break
  sleep 0.1
done
address=$(sed -n 's|.*listening on http://\([^ ]*\).*|\1|p' "$work/serve.log" | head -1)
[[ -n "$address" ]] || { echo "server did not start:"; cat "$work/serve.log"; exit 1; }
# The server reads the database file ahead after it starts (db::Database::PrewarmInBackground);
# measure once that is done, as a server that has been up for a while would be.
for _ in $(seq 3000); do
  grep -q 'read the database ahead' "$work/serve.log" && break
  sleep 0.1
done
grep 'read the database ahead' "$work/serve.log" || echo "the read-ahead did not finish in 300 s"
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
status=$(curl -s -o "$work/read.json" -w '%{http_code}' "$base/v1/households/1" \
  -H "Authorization: Bearer $token")
[[ "$status" == 200 ]] || { echo "GET /v1/households/1 answered $status:"; cat "$work/read.json"; exit 1; }

# Lua scripts: the token and bodies are embedded as JSON strings (valid Lua string literals).
python3 - "$work" "$token" "$body" "$registered" <<'PY'
import json, sys
work, token, body, registered = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
auth = 'wrk.headers["Authorization"] = "Bearer " .. %s\n' % json.dumps(token)
with open(f"{work}/screenings.lua", "w", encoding="utf-8") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n' + auth)
    f.write("wrk.body = %s\n" % json.dumps(body, ensure_ascii=False))
with open(f"{work}/reads.lua", "w", encoding="utf-8") as f:
    f.write(auth)
    f.write("local n = %d\n" % registered)
    f.write("function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end\n")
    f.write('function request() return wrk.format("GET", "/v1/households/" .. math.random(1, n)) end\n')
# Writes: a new one-person household per request. ID numbers use a region code drawn per run
# (demo data uses 500105, so a kept data directory gets no duplicates), a birth date and a
# sequence number unique per wrk thread and request, and the ISO 7064 check character.
import random
region = "5%05d" % random.choice([r for r in range(100000) if r != 105])
with open(f"{work}/writes.lua", "w", encoding="utf-8") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n' + auth)
    f.write('local region = "%s"\n' % region)
    f.write(r'''
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local counter = 0
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local base = os.time{year = 1971, month = 1, day = 1, hour = 12}
function request()
  local day = tid * 10000 + math.floor(counter / 900)
  local seq = 100 + counter % 900
  counter = counter + 1
  local id = region .. os.date("!%Y%m%d", base + day * 86400) .. string.format("%03d", seq)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(id:sub(i, i)) * weights[i] end
  local k = sum % 11 + 1
  id = id .. checks:sub(k, k)
  wrk.body = '{"hukou":"urban","members":[{"id_number":"' .. id ..
             '","name":"张三","relation":"self","monthly_income_fen":100000}]}'
  return wrk.format()
end
''')
PY

run_wrk() {  # label, connections, extra args...
  local label=$1 c=$2; shift 2
  wrk -t"$wrk_threads" -c"$c" -d"$duration" --latency "$@" >"$work/$label.txt"
  echo "== $label (wrk -t$wrk_threads -c$c -d$duration)"; cat "$work/$label.txt"
}
rate() { awk '/^Requests\/sec:/ {print $2}' "$work/$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$work/$1.txt"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/$1.txt"; }
report() {  # label, baseline label, bar percentage
  local s h
  s=$(rate "$1"); h=$(rate "$2")
  printf '%-12s %10s req/s  p99 %-9s non-2xx %-6s vs %s %10s req/s (p99 %s): ' \
    "$1" "$s" "$(p99 "$1")" "$(non2xx "$1")" "$2" "$h" "$(p99 "$2")"
  python3 -c "s, h, bar = $s, $h, $3; print(f'{100 * s / h:.1f} % (bar >= {bar} %: {\"met\" if 100 * s / h >= bar else \"NOT met\"})')"
}

for b in $benches; do
  case $b in
    screenings)
      run_wrk healthz_"$connections" "$connections" "$base/healthz"
      run_wrk screenings "$connections" -s "$work/screenings.lua" "$base/v1/screenings" ;;
    reads)
      run_wrk healthz_"$read_connections" "$read_connections" "$base/healthz"
      run_wrk reads "$read_connections" -s "$work/reads.lua" "$base/" ;;
    writes)
      run_wrk healthz_"$connections" "$connections" "$base/healthz"
      run_wrk writes "$connections" -s "$work/writes.lua" "$base/v1/households" ;;
    latency)  # one connection: the latency of a read without queueing behind other requests
      wrk_threads=1 run_wrk healthz_1 1 "$base/healthz"
      wrk_threads=1 run_wrk latency 1 -s "$work/reads.lua" "$base/" ;;
  esac
done

echo
echo "summary ($registered households registered, server pid $server_pid):"
for b in $benches; do
  case $b in
    screenings) report screenings healthz_"$connections" 30 ;;
    reads) report reads healthz_"$read_connections" 20 ;;
    writes) report writes healthz_"$connections" 0 ;;
    latency)
      echo "read latency, 1 connection: $(awk '/^    Latency/ {print "mean", $2}' "$work/latency.txt")," \
        "p50 $(awk '$1 == "50%" {print $2}' "$work/latency.txt"), p99 $(p99 latency)" ;;
  esac
done
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/"$server_pid"/status)"
