#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster, so that the tests
# it starts run on PostgreSQL instead of SQLite:
#
#   scripts/with-pg.sh meson test -C build
#
# The cluster (scripts/pg-cluster.sh, fsync off) lives in a fresh mktemp
# folder and listens only on a Unix socket there. The command gets
# GAZETTE_TEST_PG, the URL of an empty database "gazette_test" in it (the
# unit tests make a schema each there, the end-to-end tests a database
# each beside it), and PostgreSQL's client tools first on its PATH. The
# cluster is stopped by its pid and its folder removed however the command
# ends; the script exits with the command's status.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
cluster=$(mktemp -d "${TMPDIR:-/tmp}/gazette-pg-XXXXXX")
trap '"$here/pg-cluster.sh" stop "$cluster"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$(date +%s)
url=$("$here/pg-cluster.sh" start "$cluster" --fast)
bin=$("$here/pg-cluster.sh" bin)
"$bin/psql" "$url" -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE gazette_test'
export GAZETTE_TEST_PG
GAZETTE_TEST_PG=$("$here/pg-cluster.sh" url "$cluster" gazette_test)
export PATH="$bin:$PATH"
echo "with-pg: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $cluster"

status=0
"$@" || status=$?
echo "with-pg: '$*' exited with $status after $(($(date +%s) - started)) s"
exit "$status"
