#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests that run the store on a server.
#
#   eval "$(scripts/postgres-test-server.sh start)"   # exports CRM_TEST_POSTGRES and CRM_TEST_POSTGRES_DIR
#   npx vitest run test/store
#   scripts/postgres-test-server.sh stop              # stops it and removes its directory
#
# start: initdb in a new temporary directory (as the `postgres` user when run as root: initdb refuses root), trust
# authentication, listening on a free port of 127.0.0.1 only, durability off (nothing in it outlives the run). It
# prints `export` lines for the server's URL and its directory. Where openssl is found it also speaks TLS, with a
# self-signed certificate for localhost (DIR/server.crt) that the sslmode tests check against, and the logins in the
# role crm_password_logins must give a password over TCP (the ~/.pgpass tests); nothing else changes for the other
# tests, which connect without TLS and by trust. stop [DIR]: the cluster in DIR, else $CRM_TEST_POSTGRES_DIR.
# PG_BIN names the directory of initdb and pg_ctl when they are not found by themselves.
set -euo pipefail

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then pg_config --bindir; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "postgres-test-server: no initdb found (install PostgreSQL, or set PG_BIN)" >&2
  exit 1
}

# Runs a command as the cluster's owner: the `postgres` user under root, else whoever runs this.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

start() {
  local bin dir port
  bin=$(find_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/crm-postgres-XXXXXX")
  chmod 700 "$dir"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  # A role that need not exist yet matches no login: the rule waits for the tests that make it.
  as_owner sed -i '0,/^host/s//host    all             +crm_password_logins 127.0.0.1\/32         scram-sha-256\nhost/' \
    "$dir/data/pg_hba.conf"
  local tls=""
  if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1; then
    chmod 600 "$dir/server.key"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$dir/server.key" "$dir/server.crt"; fi
    chmod 644 "$dir/server.crt"
    tls="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  fi
  # A port found free may be taken before the server binds it: try a few.
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $tls" \
      start >/dev/null; then
      echo "export CRM_TEST_POSTGRES=postgres://postgres@127.0.0.1:$port/postgres"
      echo "export CRM_TEST_POSTGRES_DIR=$dir"
      return
    fi
  done
  cat "$dir/server.log" >&2
  rm -rf "$dir"
  echo "postgres-test-server: the server did not start" >&2
  exit 1
}

stop() {
  local dir=${1:-${CRM_TEST_POSTGRES_DIR:-}}
  if [[ -z "$dir" || ! -d "$dir/data" ]]; then
    echo "postgres-test-server: no cluster to stop (give its directory, or set CRM_TEST_POSTGRES_DIR)" >&2
    exit 1
  fi
  as_owner "$(find_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [DIR]" >&2
    exit 2
    ;;
esac
