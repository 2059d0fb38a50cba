#!/usr/bin/env bash
# Runs unit/integration tests through PgBouncer in transaction pooling mode
# (Debian's pgbouncer, deploy/pgbouncer/pgbouncer.ini on a free loopback port)
# in front of the local PostgreSQL, with Redis — the way large deployments run.
#   .ci/pgbouncer.sh                      # the whole unit suite (CI; minutes)
#   .ci/pgbouncer.sh path/to/a.test.ts …  # some files
# Test databases are created through PgBouncer; session work (LISTEN, advisory
# locks) goes to PostgreSQL directly (TEST_DATABASE_DIRECT_URL → each test
# database's DATABASE_DIRECT_URL). PgBouncer is stopped however this ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
command -v pgbouncer >/dev/null || { echo "pgbouncer: not installed"; exit 1; }
PG_HOST=127.0.0.1 PG_PORT=5432
tmp=$(mktemp -d /tmp/foyer-pgbouncer-XXXXXX)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

# Set before anything starts, so even a failed start leaves nothing behind.
stop() {
  if [ -f "$tmp/pgbouncer.pid" ]; then
    pid=$(cat "$tmp/pgbouncer.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  mkdir -p "$ROOT/artifacts/pgbouncer" && cp "$tmp/pgbouncer.log" "$ROOT/artifacts/pgbouncer/" 2>/dev/null || true
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

# The operator example with this run's port and paths.
sed -e "s/^listen_port = .*/listen_port = $port/" \
  -e "s/^\* = host=.*/* = host=$PG_HOST port=$PG_PORT/" \
  -e "/^auth_file = /d" \
  "$ROOT/deploy/pgbouncer/pgbouncer.ini" >"$tmp/pgbouncer.ini"
cat >>"$tmp/pgbouncer.ini" <<CONF
auth_file = $ROOT/deploy/pgbouncer/userlist.txt
pidfile = $tmp/pgbouncer.pid
logfile = $tmp/pgbouncer.log
unix_socket_dir = $tmp
CONF

# PgBouncer refuses to run as root: as root, run it as the postgres (or nobody) user.
cp "$ROOT/deploy/pgbouncer/userlist.txt" "$tmp/userlist.txt"
sed -i "s|^auth_file = .*|auth_file = $tmp/userlist.txt|" "$tmp/pgbouncer.ini"
if [ "$(id -u)" -eq 0 ]; then
  as=postgres
  id "$as" >/dev/null 2>&1 || as=nobody
  chown -R "$as" "$tmp"
  runuser -u "$as" -- pgbouncer -d "$tmp/pgbouncer.ini"
else
  pgbouncer -d "$tmp/pgbouncer.ini"
fi
for _ in $(seq 1 40); do pg_isready -q -h 127.0.0.1 -p "$port" -U postgres -d postgres && break; sleep 0.25; done
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'select 1' >/dev/null
echo "pgbouncer: transaction pooling on 127.0.0.1:$port in front of $PG_HOST:$PG_PORT"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
# Set to an empty value to see what breaks without direct session connections.
export TEST_DATABASE_DIRECT_URL="${TEST_DATABASE_DIRECT_URL-postgres://postgres@$PG_HOST:$PG_PORT/postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
code=0
npx vitest run --project unit "$@" || code=$?
exit "$code"
