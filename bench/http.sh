#!/usr/bin/env bash
# HTTP throughput of thidua on loopback, with wrk: a static asset served
# from memory (the reference), /health (one SQLite read), an authenticated
# list of 50 people (token lookup, user load, scoped search, JSON encoding).
# Prints requests/s and each figure's ratio to the static reference.
# Bounded: each run lasts DURATION seconds (default 5) with 64 connections.
# BACKEND=pg runs thidua on a private PostgreSQL server (tests/pg) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5}
BACKEND=${BACKEND:-sqlite}
if [ "$BACKEND" = pg ] && [ -z "${THIDUA_TEST_PG:-}" ]; then
  exec bash tests/pg/with-server.sh bash "$0" "$@"
fi
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)"; exit 1; }
make --no-print-directory build/thidua >/dev/null
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
if [ "$BACKEND" = pg ]; then
  psql -X -q -d "$THIDUA_TEST_PG" -c "CREATE DATABASE bench"
  db="${THIDUA_TEST_PG%/*}/bench"
else
  db="sqlite:$dir/bench.db"
fi
build/thidua init --db "$db" >/dev/null
build/thidua demo --db "$db" >/dev/null
token=$(build/thidua user token admin --db "$db")
build/thidua serve --db "$db" --listen 127.0.0.1:0 >"$dir/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -q listening "$dir/out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$dir/out")

rate() { # path [header]
  local args=(-t2 -c64 -d"${DURATION}s" --latency)
  [ $# -gt 1 ] && args+=(-H "$2")
  wrk "${args[@]}" "$url$1" | awk '/Requests\/sec/ {print $2}'
}
ref=$(rate /static/style.css)
health=$(rate /health)
people=$(rate '/api/v1/people?limit=50' "Authorization: Bearer $token")
echo "backend: $BACKEND"
printf '%-34s %12s %8s\n' "endpoint" "req/s" "ratio"
printf '%-34s %12.0f %8.2f\n' "static asset (reference)" "$ref" 1
printf '%-34s %12.0f %8.2f\n' "/health" "$health" "$(echo "$health / $ref" | bc -l)"
printf '%-34s %12.0f %8.2f\n' "/api/v1/people?limit=50 (token)" "$people" "$(echo "$people / $ref" | bc -l)"
