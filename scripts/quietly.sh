#!/usr/bin/env bash
# quietly.sh LABEL LOG -- COMMAND...
#
# A set-up step, quiet: prints "LABEL… done (Ns)" with all of COMMAND's
# output in LOG (under .logs/), or on failure the failing part of the log
# and its path, exiting with the command's status. It is scripts/suite.sh
# with no closing lines to show, so `make demo` and `make test` show progress
# lines rather than compiler and installer chatter, and still show what
# broke.
label=$1 log=$2
shift 2
[ "${1-}" = "--" ] && shift
# No pattern: a set-up step has no runner's closing lines.
exec bash "$(dirname "$0")/suite.sh" "$label" "$log" '' -- "$@"
