#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage contract tests.
#
#   scripts/postgres-test-server.sh start   # install if missing, create the cluster once, start it, print the URL
#   scripts/postgres-test-server.sh url     # print postgres://USER:PASS@127.0.0.1:PORT/passerelle_test
#   scripts/postgres-test-server.sh stop    # stop the server (the data directory is kept for the next start)
#   scripts/postgres-test-server.sh status
#
# Typical use:  export PASSERELLE_TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start) && swift test
# Every command is idempotent. Settings (environment): PASSERELLE_PG_DIR (default $TMPDIR/passerelle-postgres),
# PASSERELLE_PG_PORT (default 55432), PASSERELLE_PG_VERSION (default 15).
# The cluster runs as the `postgres` user when this script runs as root (PostgreSQL refuses to run as root),
# listens on 127.0.0.1 only, and its password is random, kept in the data directory's parent (mode 600).
set -euo pipefail

PG_VERSION=${PASSERELLE_PG_VERSION:-15}
BIN=/usr/lib/postgresql/$PG_VERSION/bin
DIR=${PASSERELLE_PG_DIR:-${TMPDIR:-/tmp}/passerelle-postgres}
DATA=$DIR/data
SOCKETS=$DIR/sockets
PORT=${PASSERELLE_PG_PORT:-55432}
DATABASE=passerelle_test
ROLE=passerelle
PASSWORD_FILE=$DIR/password

log() { echo "postgres-test-server: $*" >&2; }

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
    [ -x "$BIN/initdb" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL $PG_VERSION is not installed in $BIN and installing it needs root"
        exit 1
    fi
    log "installing PostgreSQL with apt-get"
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    [ -x "$BIN/initdb" ] || { log "apt-get installed no PostgreSQL $PG_VERSION binaries in $BIN"; exit 1; }
}

is_running() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

psql_admin() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKETS" -p "$PORT" -U postgres -d postgres "$@"; }

print_url() {
    [ -f "$PASSWORD_FILE" ] || { log "no cluster yet: run '$0 start' first"; exit 1; }
    echo "postgres://$ROLE:$(cat "$PASSWORD_FILE")@127.0.0.1:$PORT/$DATABASE"
}

start() {
    install_if_missing
    mkdir -p "$DIR" "$SOCKETS"
    if [ ! -f "$PASSWORD_FILE" ]; then
        (umask 077 && head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$PASSWORD_FILE")
    fi
    if [ "$(id -u)" = 0 ]; then chown postgres "$DIR" "$SOCKETS"; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        log "creating a cluster in $DATA"
        as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >&2
    fi
    if ! is_running; then
        log "starting on 127.0.0.1:$PORT"
        as_owner "$BIN/pg_ctl" start -D "$DATA" -w -l "$DIR/server.log" \
            -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKETS" >&2 \
            || { log "start failed; see $DIR/server.log"; tail -n 20 "$DIR/server.log" >&2 || true; exit 1; }
    fi
    local password
    password=$(cat "$PASSWORD_FILE")
    # Role and database are (re)created idempotently; the password is re-applied so the URL always works. The role may
    # create databases: the HTTP booking checks each take a fresh one (this server is a throwaway, never a real one).
    psql_admin -v role="$ROLE" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN CREATEDB PASSWORD :'password';
SQL
    psql_admin -v role="$ROLE" -v database="$DATABASE" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
SQL
    print_url
}

stop() {
    if is_running; then
        as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >&2
    else
        log "not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) print_url ;;
    status) if is_running; then log "running on 127.0.0.1:$PORT ($DATA)"; else log "stopped"; exit 3; fi ;;
    *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
