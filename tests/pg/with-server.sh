#!/usr/bin/env bash
# Run a command with a private PostgreSQL server for it (tests/pg/cluster.sh),
# its URL in THIDUA_TEST_PG; the server is stopped and removed afterwards,
# whatever the command's outcome.
set -euo pipefail
here=$(dirname "$0")
dir=$(mktemp -d "${TMPDIR:-/tmp}/thidua-pg-XXXXXX")
chmod 755 "$dir" # the server runs as the postgres user when the tests run as root
trap 'bash "$here/cluster.sh" stop "$dir/server"; rm -rf "$dir"' EXIT
THIDUA_TEST_PG=$(bash "$here/cluster.sh" start "$dir/server")
export THIDUA_TEST_PG
"$@"
