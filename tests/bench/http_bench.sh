#!/usr/bin/env bash
# HTTP throughput against same-run baselines. Starts the real `lianban serve` (test Argon2 profile,
# as the tests do) on a fresh data directory with HOUSEHOLDS synthetic households registered by
# `lianban demo-data`, signs in a caseworker and runs wrk (Lua scripts for bodies and the Bearer
# header) against:
#   screenings: GET /healthz, then POST /v1/screenings            (bar: >= 30 % of /healthz)
#   reads:      GET /healthz, then GET /v1/households/{random id}  (bar: >= 20 %, p99 < 10 ms)
#   writes:     GET /healthz, then POST /v1/households (a new one-person household each request)
# each pair at the same connection count, and prints the rates, p99 latencies and ratios. Each
# bench has baselines of its own (healthz_for_<bench>_<round>), run right before its rounds.
# Usage: tests/bench/http_bench.sh [path/to/lianban]
#   latency:    GET /healthz, then GET /v1/households/{random id} on one connection
# env: BENCHES ("screenings reads writes"; add latency), DURATION (10s), ROUNDS (3),
#      CONNECTIONS (16, screenings/writes),
#      READ_CONNECTIONS (64), WRK_THREADS (2), HOUSEHOLDS (10000), SEED (7), AS_OF (2025-09-01),
#      KEEP_DATA (a directory to keep the data in; reused when it already holds HOUSEHOLDS)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-build/lianban}")
benches=${BENCHES:-screenings reads writes}
duration=${DURATION:-10s}
rounds=${ROUNDS:-3}
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
# Writes: a new one-person household per request. ID numbers use a region code drawn per run whose
# last digit is the round (demo data uses 500105, so a kept data directory gets no duplicates), a
# birth date and a sequence number unique per wrk thread and request, and the ISO 7064 check
# character.
import random
prefix = "5%04d" % random.choice([r for r in range(10000) if r != 10])
with open(f"{work}/writes.lua", "w", encoding="utf-8") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n' + auth)
    f.write('local region_prefix = "%s"\n' % prefix)
    f.write(r'''
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) region = region_prefix .. (tonumber(args[1] or "0") % 10) end
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
report() {  # label, baseline label, rate bar in %, [p99 bar in ms]
  local r rates=() bases=() p99s=()
  for r in $(seq "$rounds"); do
    printf '%-12s round %s: %10s req/s  p99 %-9s non-2xx %-6s vs %s %10s req/s (p99 %s)\n' \
      "$1" "$r" "$(rate "$1_$r")" "$(p99 "$1_$r")" "$(non2xx "$1_$r")" "$2" "$(rate "$2_$r")" \
      "$(p99 "$2_$r")"
    rates+=("$(rate "$1_$r")"); bases+=("$(rate "$2_$r")"); p99s+=("$(p99 "$1_$r")")
  done
  python3 - "$1" "$3" "${4:-}" "${rates[*]}" "${bases[*]}" "${p99s[*]}" <<'PY'
import statistics, sys
label, bar, p99_bar = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rates = [float(x) for x in sys.argv[4].split()]
bases = [float(x) for x in sys.argv[5].split()]
def ms(text):  # wrk prints 812.00us, 9.87ms or 1.02s
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return float("nan")
p99s = [ms(x) for x in sys.argv[6].split()]
ratios = [100 * s / h for s, h in zip(rates, bases)]
median = statistics.median(ratios)
line = (f"{label:<12} ratio per round: {', '.join(f'{x:.1f} %' for x in ratios)}; "
        f"median {median:.1f} % (bar >= {bar:g} %: {'met' if median >= bar else 'NOT met'})")
if p99_bar:
    worst = max(p99s)
    line += f"; p99 median {statistics.median(p99s):.1f} ms, worst {worst:.1f} ms " \
            f"(bar < {p99_bar} ms: {'met' if worst < float(p99_bar) else 'NOT met'})"
print(line)
PY
}

# Each bench runs ROUNDS pairs (baseline, then the endpoint) back to back and reports the ratio of
# each pair and their median: on a shared 2-core VM the baseline alone moves by a third between
# runs, so a ratio is only meaningful within one pair.
for b in $benches; do
  for r in $(seq "$rounds"); do
    case $b in
      screenings)
        run_wrk healthz_for_screenings_"$r" "$connections" "$base/healthz"
        run_wrk screenings_"$r" "$connections" -s "$work/screenings.lua" "$base/v1/screenings" ;;
      reads)
        run_wrk healthz_for_reads_"$r" "$read_connections" "$base/healthz"
        run_wrk reads_"$r" "$read_connections" -s "$work/reads.lua" "$base/" ;;
      writes)
        run_wrk healthz_for_writes_"$r" "$connections" "$base/healthz"
        run_wrk writes_"$r" "$connections" -s "$work/writes.lua" "$base/v1/households" -- "$r" ;;
      latency)  # one connection: the latency of a read without queueing behind other requests
        wrk_threads=1 run_wrk healthz_1_"$r" 1 "$base/healthz"
        wrk_threads=1 run_wrk latency_"$r" 1 -s "$work/reads.lua" "$base/" ;;
    esac
  done
done

echo
echo "summary ($registered households registered, server pid $server_pid, $rounds rounds):"
for b in $benches; do
  case $b in
    screenings) report screenings healthz_for_screenings 30 ;;
    reads) report reads healthz_for_reads 20 10 ;;
    writes) report writes healthz_for_writes 0 ;;
    latency)
      for r in $(seq "$rounds"); do
        echo "read latency, 1 connection, round $r: $(rate latency_"$r") req/s," \
          "$(awk '/^    Latency/ {print "mean", $2}' "$work/latency_$r.txt")," \
          "p50 $(awk '$1 == "50%" {print $2}' "$work/latency_$r.txt"), p99 $(p99 latency_"$r")"
      done ;;
  esac
done
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/"$server_pid"/status)"
