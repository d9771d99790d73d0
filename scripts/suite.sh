#!/usr/bin/env bash
# suite.sh LABEL LOG PATTERN -- COMMAND...   (scripts/quietly.sh: PATTERN '')
#
# A test suite, quiet: prints "LABEL… ", runs COMMAND with all its output in
# LOG (under .logs/), then prints the runner's own closing lines: the lines of
# LOG that match PATTERN (an extended regex: cargo's "test result:", pytest's
# last line, node --test's "# pass"/"# fail"), so a run that executed no test
# still shows as one. cargo's targets that hold no test at all (binaries,
# benches) are counted on one line rather than listed.
#
# On failure it prints the failing part of the log (from the runner's first
# failure report, else its last 80 lines) and the log's path, and exits with
# the command's status.
set -uo pipefail
label=$1 log=$2 pattern=$3
shift 3
[ "${1-}" = "--" ] && shift
mkdir -p "$(dirname "$log")"
printf '%s… ' "$label"
start=$SECONDS
"$@" >"$log" 2>&1
status=$?
elapsed=$((SECONDS - start))
empty='^test result: ok\. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out'
if [ $status -ne 0 ]; then
  printf 'FAILED (exit %s, %ss)\n' "$status" "$elapsed"
  first=$(grep -n -m1 -E '^=+ FAILURES =+$|^failures:$|^not ok |^error(\[E[0-9]+\])?:|FAILED' "$log" | cut -d: -f1)
  if [ -n "$first" ]; then
    echo "the failing part of $log:" >&2
    tail -n +"$first" "$log" | head -n 200 >&2
  else
    echo "the end of $log:" >&2
    tail -n 80 "$log" >&2
  fi
  exit $status
fi
printf 'done (%ss)\n' "$elapsed"
# scripts/quietly.sh passes no pattern: a set-up step, nothing more to show.
[ -z "$pattern" ] && exit 0
# cargo's result lines say nothing of their target: name each one by the
# "Running <target>" or "Doc-tests <crate>" line before it.
awk -v pattern="$pattern" -v empty="$empty" '
  /^ *Running / { target = ($2 == "unittests") ? "unit tests of " $3 : $2 }
  /^ *Doc-tests / { target = "doctests of " $2 }
  $0 ~ pattern && $0 !~ empty { print "  " (target ? target ": " : "") $0 }
' "$log"
none=$(grep -cE "$empty" "$log")
[ "$none" -gt 0 ] && echo "  ($none cargo targets hold no tests: binaries, benches, examples)"
exit 0
