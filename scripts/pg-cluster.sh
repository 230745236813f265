#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, from Debian's
# packages (scripts/install-deps.sh installs them).
#
#   scripts/pg-cluster.sh start DIR [--primary DIR2] [--fast]
#       initdb in DIR/data (or, with --primary, a streaming replica of the
#       cluster in DIR2 made by pg_basebackup), start it listening only on
#       a Unix socket in DIR, and print its URL. --fast turns fsync off
#       (tests only: a crash may lose the cluster, which is thrown away).
#   scripts/pg-cluster.sh stop DIR
#       stop it by the pid in DIR/data/postmaster.pid and remove DIR.
#   scripts/pg-cluster.sh halt DIR / resume DIR
#       stop the server by its pid and keep its data / start it again with
#       the same settings (for tests of a database outage).
#   scripts/pg-cluster.sh url DIR [DATABASE]
#   scripts/pg-cluster.sh bin
#       the folder of PostgreSQL's programs (psql, createdb, ...).
#
# PostgreSQL refuses to run as root: as root, its tools run as the
# "postgres" user that the Debian package creates, and DIR is given to it.
set -euo pipefail

PORT=5432 # only names the socket file: every cluster has its own folder

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ]; then
        echo "pg-cluster: PostgreSQL's server is not installed (run scripts/install-deps.sh)" >&2
        exit 1
    fi
    echo "$bin"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() {
    local dir=$1 database=${2:-postgres}
    echo "postgresql://postgres@/${database}?host=${dir}&port=${PORT}"
}

start() {
    local dir=$1 primary="" fast=0
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --primary) primary=$2; shift 2 ;;
        --fast) fast=1; shift ;;
        *) echo "pg-cluster: unknown option $1" >&2; exit 2 ;;
        esac
    done
    local bin
    bin=$(pg_bin)
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if ! as_owner test -w "$dir"; then
        echo "pg-cluster: the postgres user cannot write in $dir (are its parent folders" \
            "searchable by others? chmod o+x them)" >&2
        exit 1
    fi
    if [ -n "$primary" ]; then
        as_owner "$bin/pg_basebackup" -h "$primary" -p "$PORT" -U postgres -D "$dir/data" \
            --write-recovery-conf --checkpoint=fast --wal-method=stream >"$dir/basebackup.log" 2>&1
    else
        as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    fi
    local options="-k $dir -p $PORT -c listen_addresses='' -c max_connections=200"
    options+=" -c shared_buffers=128MB -c hot_standby=on"
    [ "$fast" = 1 ] && options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    echo "$options" >"$dir/options"
    resume "$dir"
    url "$dir"
}

resume() {
    local dir=$1
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$(cat "$dir/options")" \
        -w -t 60 start >/dev/null
}

halt() {
    local dir=$1
    local pidfile="$dir/data/postmaster.pid"
    if [ -f "$pidfile" ]; then
        local pid
        pid=$(head -n 1 "$pidfile")
        kill -INT "$pid" 2>/dev/null || true # fast shutdown
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        # Still there: an immediate shutdown (SIGQUIT) takes its backends
        # with it, where killing the postmaster alone would orphan them.
        if kill -0 "$pid" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
    fi
}

stop() {
    halt "$1"
    rm -rf "$1"
}

case ${1:-} in
start) shift; start "$@" ;;
stop) stop "$2" ;;
halt) halt "$2" ;;
resume) resume "$2" ;;
url) shift; url "$@" ;;
bin) pg_bin ;;
*) echo "usage: $0 start DIR [--primary DIR2] [--fast] | stop|halt|resume DIR | url DIR [DB] | bin" >&2
   exit 2 ;;
esac
