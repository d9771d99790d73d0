#!/usr/bin/env bash
# The HTTP part of `make demo`: a Flask receiver (gunicorn) and an Express
# receiver on loopback get cloro deliveries from `hookproof send`: genuine,
# tampered, stale, replayed (the same delivery twice) and signed with a
# rotated-out secret; a FastAPI receiver (uvicorn) gets Fileloom ones. Then
# `hookproof explain` says why a delivery whose JSON a framework
# re-serialized is rejected.
#
#   bash examples/demo_receivers.sh target/release/hookproof .venv/bin/python
set -euo pipefail
cd "$(dirname "$0")/.."
HOOKPROOF=${1:-target/release/hookproof}
PYTHON=${2:-.venv/bin/python}
PYTHON="$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")"  # absolute: used from examples/
export CLORO_WEBHOOK_SECRET=whsec_demo_cloro_current_7f3a9c
export CLORO_OLD_SECRET=whsec_demo_cloro_retired_01b2c3
export FILELOOM_WEBHOOK_SECRET=fl_demo_signing_secret_5e8d2b
BODY=examples/bodies/cloro.json
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # port
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "demo: nothing listens on port $1" >&2; return 1
}

flask_port=$(free_port)
(cd examples && exec "$(dirname "$PYTHON")/gunicorn" -w 1 -b "127.0.0.1:$flask_port" --log-level warning \
  flask_app:app 2>"$tmp/flask.log") &
pids+=($!)
express_port=$(free_port)
PORT=$express_port node examples/express_app.js >/dev/null 2>"$tmp/express.log" &
pids+=($!)
fastapi_port=$(free_port)
(cd examples && exec "$(dirname "$PYTHON")/uvicorn" --host 127.0.0.1 --port "$fastapi_port" --log-level warning \
  fastapi_app:app 2>"$tmp/fastapi.log") &
pids+=($!)
wait_for "$flask_port"; wait_for "$express_port"; wait_for "$fastapi_port"

send() {  # label secret-var url [send options...]
  local label=$1 var=$2 url=$3; shift 3
  # send exits 1 on a non-2xx answer (as curl --fail): here the refusals are
  # the point, and the table shows each status; 2 (misuse) still fails.
  { "$HOOKPROOF" send --scheme "${SCHEME:-cloro}" --secret-env "$var" --url "$url" "$@" "${SEND_BODY:-$BODY}" || [ $? -eq 1 ]; } |
    while IFS= read -r line; do printf '  %-34s %s\n' "$label" "${line#*: }"; label=""; done
}

for receiver in "Flask (gunicorn) http://127.0.0.1:$flask_port/hooks/cloro" \
                "Express http://127.0.0.1:$express_port/hooks/cloro"; do
  name=${receiver% *}; url=${receiver##* }
  echo
  echo "$name at $url"
  printf '  %-34s %s\n' DELIVERY "STATUS ANSWER"
  send "genuine" CLORO_WEBHOOK_SECRET "$url"
  send "tampered (a byte added)" CLORO_WEBHOOK_SECRET "$url" --tamper
  send "stale (signed an hour ago)" CLORO_WEBHOOK_SECRET "$url" --stale
  send "replayed (same delivery twice)" CLORO_WEBHOOK_SECRET "$url" --repeat 2
  send "signed with the rotated-out secret" CLORO_OLD_SECRET "$url"
done
echo
url="http://127.0.0.1:$fastapi_port/hooks/fileloom"
echo "FastAPI (uvicorn) at $url, Fileloom deliveries"
printf '  %-34s %s\n' DELIVERY "STATUS ANSWER"
export SCHEME=fileloom SEND_BODY=examples/bodies/fileloom.json
send "genuine" FILELOOM_WEBHOOK_SECRET "$url" --id dlv_demo_1 --event pdf.generated
send "tampered (a byte added)" FILELOOM_WEBHOOK_SECRET "$url" --tamper
send "stale (an hour old)" FILELOOM_WEBHOOK_SECRET "$url" --stale
unset SCHEME SEND_BODY

echo
echo "The receivers' log lines for the rejections (code, scheme, delivery id, client; never a secret):"
grep -h "webhook rejected" "$tmp/flask.log" "$tmp/express.log" | sed 's/^/  /' | head -4

echo
echo "Why would a delivery fail if a framework re-serialized its JSON before verification?"
headers=()
while IFS= read -r line; do headers+=(-H "$line"); done < <("$HOOKPROOF" sign --scheme cloro --secret-env CLORO_WEBHOOK_SECRET --body-file "$BODY")
"$PYTHON" -c 'import json, sys; print(json.dumps(json.load(sys.stdin)), end="")' < "$BODY" > "$tmp/reserialized.json"
"$HOOKPROOF" explain --scheme cloro --secret-env CLORO_WEBHOOK_SECRET "${headers[@]}" --body-file "$tmp/reserialized.json" | sed 's/^/  /'
