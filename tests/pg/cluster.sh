#!/usr/bin/env bash
# A private PostgreSQL server for the tests, from Debian's postgresql
# package, on loopback in a directory of its own (NOTES.md: initdb and
# postgres refuse root, so as root they run as the postgres user).
#
#   cluster.sh start DIR           start a primary; prints its URL
#   cluster.sh replica DIR PRIMARY start a streaming replica of the primary
#                                  in PRIMARY (a directory started above);
#                                  prints its URL
#   cluster.sh stop DIR            stop the server in DIR (and remove DIR)
#
# Trust authentication on 127.0.0.1 only, no fsync: for tests, never for use.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  echo "cluster.sh: PostgreSQL server binaries not found (scripts/deps.sh installs them)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "cluster.sh: no free port" >&2
  exit 1
}

prepare_dir() {
  mkdir -p "$1/sock"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$1"; fi
}

# The settings every server here runs with.
configure() {
  local data=$1 dir=$2 port=$3
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
max_connections = 300
fsync = off
full_page_writes = off
synchronous_commit = off
shared_buffers = 64MB
wal_level = replica
max_wal_senders = 4
hot_standby = on
log_min_messages = warning
CONF
}

start_server() {
  local dir=$1
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
}

cmd=${1:-}
case "$cmd" in
start)
  dir=$(realpath -m "$2")
  prepare_dir "$dir"
  port=$(free_port)
  as_owner "$bindir/initdb" -D "$dir/data" --auth=trust --username=thidua --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >/dev/null
  configure "$dir/data" "$dir" "$port"
  echo "host replication thidua 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
  start_server "$dir"
  echo "postgresql://thidua@127.0.0.1:$port/postgres"
  ;;
replica)
  dir=$(realpath -m "$2")
  primary_port=$(sed -n 's/^port = //p' "$3/data/postgresql.conf" | tail -1)
  prepare_dir "$dir"
  port=$(free_port)
  as_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U thidua -D "$dir/data" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast --no-sync >/dev/null
  configure "$dir/data" "$dir" "$port"
  start_server "$dir"
  echo "postgresql://thidua@127.0.0.1:$port/postgres"
  ;;
stop)
  dir=$(realpath -m "$2")
  if [ -d "$dir/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: cluster.sh start DIR | replica DIR PRIMARY_DIR | stop DIR" >&2
  exit 2
  ;;
esac
