#!/usr/bin/env bash
# The dashboards test (deploy/grafana/dashboards.test.ts): a Foyer process on
# the local PostgreSQL + Redis takes some traffic, Debian's Prometheus scrapes
# it, and every panel query of every dashboard must parse and return series.
# Safe as a .ci/run stage: vitest stops the Foyer and Prometheus processes it
# starts (afterAll), and its process group is stopped when this script ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v prometheus >/dev/null || { echo "dashboards: prometheus is not installed"; exit 1; }
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
# Not a group leader (no job control here), so setsid execs in place: $! is the group's id.
setsid timeout --signal=TERM --kill-after=30 "${DASHBOARDS_DEADLINE:-300}" \
  npx vitest run --project ops deploy/grafana/dashboards.test.ts "$@" &
runner=$!
stop_group() {
  kill -0 -- "-$runner" 2>/dev/null || return 0
  kill -TERM -- "-$runner" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 -- "-$runner" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$runner" 2>/dev/null || true
}
trap stop_group EXIT
trap 'exit 130' INT TERM
code=0
wait "$runner" || code=$?
exit "$code"
