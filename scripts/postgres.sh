#!/usr/bin/env bash
# Installs (Debian packages) and runs a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the
# integration tests. Usage: scripts/postgres.sh start|stop|status
# The cluster lives in build/postgres and listens on MODEL_MONITOR_PG_PORT (default 54329).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${MODEL_MONITOR_PG_PORT:-54329}"
PGVER=15
PGBIN="/usr/lib/postgresql/$PGVER/bin"
DATA="$PWD/build/postgres/data"
SOCK="$PWD/build/postgres"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_server() {
  # The server and PL/Python (for the package's UDFs), PL/Python pinned to the server's version.
  if [ -x "$PGBIN/initdb" ] && [ -f "/usr/lib/postgresql/$PGVER/lib/plpython3.so" ]; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: postgresql-$PGVER or its PL/Python is missing and this user cannot apt-get install it" >&2
    exit 1
  fi
  echo "postgres.sh: installing postgresql-$PGVER and postgresql-plpython3-$PGVER (Debian packages)" >&2
  apt-get update -qq
  if [ ! -x "$PGBIN/initdb" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PGVER" >/dev/null
  fi
  version=$(dpkg-query -W -f='${Version}' "postgresql-$PGVER")
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-plpython3-$PGVER=$version" >/dev/null
}

start() {
  install_server
  mkdir -p "$SOCK"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$SOCK"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_postgres "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --locale=C.UTF-8 \
      --encoding=UTF8 >/dev/null
  fi
  if as_postgres "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "postgres.sh: already running on port $PORT"
    return
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$SOCK/server.log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $SOCK -c timezone=America/New_York -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  echo "postgres.sh: started on 127.0.0.1:$PORT (data in $DATA)"
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "postgres.sh: stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) as_postgres "$PGBIN/pg_ctl" -D "$DATA" status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
