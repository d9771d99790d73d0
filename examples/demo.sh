#!/usr/bin/env bash
# The end-to-end demo: the hookproof CLI signs sample cloro and Fileloom
# deliveries the way each sender does, then verifies genuine, tampered, stale
# and rotated-out ones, and prints what it decided and why.
#
#   bash examples/demo.sh [path/to/hookproof]     (make demo builds and runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
HOOKPROOF=${1:-target/release/hookproof}
BODIES=examples/bodies

# Secrets travel in environment variables, never on the command line.
export CLORO_SECRET=whsec_demo_cloro_current_7f3a9c
export CLORO_OLD_SECRET=whsec_demo_cloro_retired_01b2c3
export FILELOOM_SECRET=fl_demo_signing_secret_5e8d2b
NOW=$(date +%s)

headers_for() {  # scheme secret-var body timestamp id -> "-H 'Name: value'" args, one per line
  "$HOOKPROOF" sign --scheme "$1" --secret-env "$2" --body-file "$3" --timestamp "$4" --id "$5"
}

row() {  # label expected scheme body-file headers-file [extra verify args...]
  local label=$1 expected=$2 scheme=$3 body=$4 headers=$5; shift 5
  local args=() line verdict
  while IFS= read -r line; do args+=(-H "$line"); done < "$headers"
  set +e
  verdict=$("$HOOKPROOF" verify --scheme "$scheme" --secret-env "${SECRET_VAR}" "$@" \
              --body-file "$body" "${args[@]}")
  local rc=$?
  set -e
  local outcome=$([ $rc -eq 0 ] && echo accepted || echo rejected)
  printf '%-44s %-9s %s\n' "$label" "$outcome" "${verdict#*: }"
  if [ "$outcome" != "$expected" ]; then
    echo "demo: expected '$expected' for '$label'" >&2
    exit 1
  fi
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%-44s %-9s %s\n' DELIVERY VERDICT WHY
printf '%.0s-' {1..110}; echo

# ---- cloro: v1=<hex> over "{timestamp}.{body}", secret used as its UTF-8 string
SECRET_VAR=CLORO_SECRET
headers_for cloro CLORO_SECRET $BODIES/cloro.json "$NOW" b27a21e1-7c39-4aa2-a347-23e828c426f9-1 > "$tmp/cloro"
row "cloro: genuine" accepted cloro $BODIES/cloro.json "$tmp/cloro"
sed 's/sunny/rainy/' $BODIES/cloro.json > "$tmp/cloro-tampered.json"
row "cloro: body tampered (sunny -> rainy)" rejected cloro "$tmp/cloro-tampered.json" "$tmp/cloro"
headers_for cloro CLORO_SECRET $BODIES/cloro.json $((NOW - 900)) b27a21e1-7c39-4aa2-a347-23e828c426f9-2 > "$tmp/cloro-stale"
row "cloro: replayed 15 minutes later" rejected cloro $BODIES/cloro.json "$tmp/cloro-stale"
headers_for cloro CLORO_OLD_SECRET $BODIES/cloro.json "$NOW" b27a21e1-7c39-4aa2-a347-23e828c426f9-3 > "$tmp/cloro-old"
row "cloro: signed with the rotated-out secret" rejected cloro $BODIES/cloro.json "$tmp/cloro-old"
row "cloro: same, receiver still holds old secret" accepted cloro $BODIES/cloro.json "$tmp/cloro-old" \
    --secret-env CLORO_OLD_SECRET

# ---- Fileloom: sha256=<hex> over the body; timestamp checked but not signed
SECRET_VAR=FILELOOM_SECRET
headers_for fileloom FILELOOM_SECRET $BODIES/fileloom.json "$NOW" dlv_9f8e7d6c5b4a > "$tmp/fl"
row "fileloom: genuine" accepted fileloom $BODIES/fileloom.json "$tmp/fl"
sed 's/invoice-001/invoice-999/' $BODIES/fileloom.json > "$tmp/fl-tampered.json"
row "fileloom: body tampered (invoice number)" rejected fileloom "$tmp/fl-tampered.json" "$tmp/fl"
headers_for fileloom FILELOOM_SECRET $BODIES/fileloom.json $((NOW - 900)) dlv_9f8e7d6c5b4a > "$tmp/fl-stale"
row "fileloom: stale timestamp" rejected fileloom $BODIES/fileloom.json "$tmp/fl-stale"
grep -v -i '^X-Fileloom-Signature' "$tmp/fl" > "$tmp/fl-unsigned"
row "fileloom: signature header missing" rejected fileloom $BODIES/fileloom.json "$tmp/fl-unsigned"

echo
echo "demo: all verdicts as expected"
