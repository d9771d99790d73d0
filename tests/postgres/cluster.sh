#!/bin/sh
# A PostgreSQL cluster of a test suite's own, on a free loopback port, for
# the PostgresDedup tests of both packages (python/tests/conftest.py and
# node/test/postgres.js start it; `make test` installs Debian's postgresql
# when it is missing).
#
#   cluster.sh start PORT   initdb into a new temporary DIR, serve on
#                           127.0.0.1:PORT; prints DIR
#   cluster.sh stop DIR     stop it and remove DIR
#
# initdb refuses to run as root, so as root the cluster runs as the
# `postgres` user the package creates. Trust authentication for user
# `hookproof`, database `postgres`; fsync off (a test cluster).
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (make test installs Debian's postgresql)" >&2
  exit 1
fi
as=""
if [ "$(id -u)" = 0 ]; then as="runuser -u postgres --"; fi
case $1 in
  start)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/hookproof-pg-XXXXXX")
    if [ -n "$as" ]; then chown postgres:postgres "$dir"; fi
    $as "$bin/initdb" -D "$dir/data" -U hookproof -A trust --no-sync >/dev/null
    $as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $2 -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "$dir"
    ;;
  stop)
    dir=$2
    $as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: cluster.sh start PORT | stop DIR" >&2
    exit 2
    ;;
esac
