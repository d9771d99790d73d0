#!/usr/bin/env bash
# quietly.sh LABEL LOG -- COMMAND...
#
# A set-up step, quiet: prints "LABEL… ", runs COMMAND with all its output in
# LOG (under .logs/), and ends the line with "done (Ns)". On failure it prints the
# log's last 60 lines and its path, and exits with the command's status, so
# `make demo` and `make test` show progress lines rather than compiler and
# installer chatter, and still show what broke.
set -uo pipefail
label=$1 log=$2
shift 2
[ "${1-}" = "--" ] && shift
mkdir -p "$(dirname "$log")"
printf '%s… ' "$label"
start=$SECONDS
"$@" >"$log" 2>&1
status=$?
if [ $status -ne 0 ]; then
  printf 'FAILED (exit %s)\n' "$status"
  echo "the end of $log:" >&2
  tail -n 60 "$log" >&2
  exit $status
fi
printf 'done (%ss)\n' $((SECONDS - start))
