#!/usr/bin/env bash
# Installs (Debian packages) and runs a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the
# integration tests. Usage: scripts/postgres.sh start|stop|status
# The cluster lives in build/postgres and listens on MODEL_MONITOR_PG_PORT (default 54329).
# Run as root, the server runs as user postgres; when that user cannot reach build/postgres (a
# checkout in a private folder: mktemp -d, a home directory with mode 700), the cluster lives in a
# directory of its own, ${TMPDIR:-/tmp}/model-monitor-pg.XXXXXX owned by postgres, named in
# build/postgres/rundir so that stop and status find it; stop removes it (its log is kept as
# build/postgres/server.log).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${MODEL_MONITOR_PG_PORT:-54329}"
PGVER=15
PGBIN="/usr/lib/postgresql/$PGVER/bin"
BUILD="$PWD/build/postgres"
POINTER="$BUILD/rundir"

as_postgres() {  # from /: the checkout may be a folder user postgres cannot enter (paths are absolute)
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The directory named by build/postgres/rundir, if it is one this script made and it still exists.
recorded_rundir() {
  local dir
  [ -f "$POINTER" ] || return 1
  dir=$(cat "$POINTER")
  case "$(basename -- "$dir")" in model-monitor-pg.*) ;; *) return 1 ;; esac
  [ -d "$dir" ] && printf '%s\n' "$dir"
}

# Where the cluster lives (data in $RUNDIR/data, socket and log in $RUNDIR), without creating it.
locate() {
  RUNDIR=$(recorded_rundir) || RUNDIR="$BUILD"
  DATA="$RUNDIR/data"
}

# For start: build/postgres when the server's user can use it, else a private directory under /tmp.
prepare_rundir() {
  mkdir -p "$BUILD"
  if RUNDIR=$(recorded_rundir); then :
  elif [ "$(id -u)" != 0 ]; then RUNDIR="$BUILD"
  else
    chown postgres "$BUILD"
    if runuser -u postgres -- test -w "$BUILD" -a -x "$BUILD"; then
      RUNDIR="$BUILD"
      chown -R postgres "$BUILD"
    else
      RUNDIR=""
      for tmp in ${TMPDIR:+"$TMPDIR"} /tmp; do
        dir=$(mktemp -d "$tmp/model-monitor-pg.XXXXXX") || continue
        chown postgres "$dir"
        if runuser -u postgres -- test -w "$dir" -a -x "$dir"; then RUNDIR="$dir"; break; fi
        rm -rf -- "$dir"
      done
      if [ -z "$RUNDIR" ]; then
        echo "postgres.sh: user postgres can reach neither $BUILD nor a directory under ${TMPDIR:-/tmp}" >&2
        exit 1
      fi
      printf '%s\n' "$RUNDIR" >"$POINTER"
      echo "postgres.sh: user postgres cannot reach $BUILD; the cluster lives in $RUNDIR until stop"
    fi
  fi
  DATA="$RUNDIR/data"
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
  prepare_rundir
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_postgres "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --locale=C.UTF-8 \
      --encoding=UTF8 >/dev/null
  fi
  if as_postgres "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "postgres.sh: already running (data in $DATA)"
    return
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$RUNDIR/server.log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $RUNDIR -c timezone=America/New_York -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  echo "postgres.sh: started on 127.0.0.1:$PORT (data in $DATA)"
}

stop() {
  locate
  if [ -f "$DATA/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "postgres.sh: stopped"
  fi
  if [ "$RUNDIR" != "$BUILD" ]; then  # the private directory under /tmp: removed, its log kept
    if [ -f "$RUNDIR/server.log" ]; then cp -- "$RUNDIR/server.log" "$BUILD/server.log" || true; fi
    rm -rf -- "$RUNDIR"
    rm -f -- "$POINTER"
  fi
}

status() {
  locate
  if [ ! -f "$DATA/PG_VERSION" ]; then
    echo "postgres.sh: no cluster in $DATA (not started)"
    return 3  # what pg_ctl status returns when the server is not running
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$DATA" status
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
