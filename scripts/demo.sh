#!/usr/bin/env bash
# Prepares a demo data directory (once) and serves it. Usage: demo.sh BINARY DATA_DIR LISTEN
# Demo accounts are created only when missing, with the known passwords below: for a local demo
# only, never for real data.
set -euo pipefail
bin=$1 data=$2 listen=$3
"$bin" init --data "$data"

# username role [department] -> password "<username>-demo-pass"
demo_users=(
  "admin admin"
  "caseworker caseworker"
  "reviewer.mz reviewer MZ"
  "supervisor supervisor"
  "auditor auditor"
)
for entry in "${demo_users[@]}"; do
  read -r name role dept <<<"$entry"
  args=(user add --data "$data" --username "$name" --role "$role" --if-missing)
  if [ -n "${dept:-}" ]; then args+=(--department "$dept"); fi
  printf '%s\n' "$name-demo-pass" | "$bin" "${args[@]}"
done
# A few hundred synthetic households across the 12 streets, and 120 joint-handling matters
# replayed over the last 45 days (screened, decided by the departments, some still open), so the
# matters, alerts, event feed and reports have something to show (idempotent).
"$bin" demo-data --data "$data" --count 300 --matters 120

cat <<EOT

Lianban is starting on http://$listen (data in $data).
Demo users: admin, caseworker, reviewer.mz (department MZ), supervisor, auditor;
each one's password is <username>-demo-pass. Sign in with:

  curl -s -X POST http://$listen/v1/sessions -H 'Content-Type: application/json' \\
       -d '{"username":"caseworker","password":"caseworker-demo-pass"}'

then send the token as 'Authorization: Bearer <token>'. Stop with Ctrl-C.

EOT
exec "$bin" serve --data "$data" --listen "$listen"
