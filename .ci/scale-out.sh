#!/usr/bin/env bash
# The scale-out proof: 2 api processes + 1 worker behind HAProxy on loopback,
# on the local PostgreSQL and Redis, with Prometheus, Alertmanager, a webhook
# receiver and an SMTP sink. See .ci/scale-out/driver.ts and docs/operations.md.
# Ends with "scale-out: N passed, N failed"; exits non-zero on any failure.
#
# Safe as a .ci/run stage: the driver runs in a process group of its own, and
# whatever way this script ends (pass, fail, deadline, signal) that whole group
# (api and worker processes, haproxy, prometheus, alertmanager) is stopped.
# SCALE_OUT_DEADLINE (seconds, default 480) bounds the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in haproxy prometheus prometheus-alertmanager setsid; do
  command -v "$tool" >/dev/null || { echo "scale-out: $tool is not installed"; echo "scale-out: 0 passed, 1 failed"; exit 1; }
done
deadline="${SCALE_OUT_DEADLINE:-480}"

# Not a group leader (no job control here), so setsid execs in place: $! is the group's id.
# At the deadline timeout sends SIGTERM: the driver stops its children and drops its database.
setsid timeout --signal=TERM --kill-after=30 "$deadline" node --import tsx .ci/scale-out/driver.ts &
driver=$!
stop_group() {
  kill -0 -- "-$driver" 2>/dev/null || return 0
  kill -TERM -- "-$driver" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 -- "-$driver" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$driver" 2>/dev/null || true
}
# Whatever is left in the group when this script ends (an orphaned child) is stopped too.
trap stop_group EXIT
trap 'exit 130' INT TERM
code=0
wait "$driver" || code=$?
if [ "$code" -eq 124 ]; then echo "scale-out: deadline of ${deadline} s reached"; fi
exit "$code"
