#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store benchmarks (store_pg_bench.cpp):
#   bench/pg_server.sh start DIR   initdb + pg_ctl into DIR (unix socket in DIR, no TCP),
#                                  creates database `bench`, prints its libpq URL
#   bench/pg_server.sh stop DIR    stops it and removes DIR
# Runs the server as `nobody` when started as root (initdb refuses root). Durable
# settings are PostgreSQL's defaults (fsync on), so the figures are a real server's.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u nobody --)
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" -eq 0 ] && chown nobody "$dir"; chmod 700 "$dir"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U vigil -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-k $dir -p 5432 -c listen_addresses='' -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
    "$bin/psql" -q -h "$dir" -p 5432 -U vigil -d postgres -c "CREATE DATABASE bench"
    echo "postgresql:///bench?host=$dir&port=5432&user=vigil"
    ;;
  stop)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
