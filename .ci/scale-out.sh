#!/usr/bin/env bash
# The scale-out proof: 2 api processes + 1 worker behind HAProxy on loopback,
# on the local PostgreSQL and Redis, with Prometheus, Alertmanager, a webhook
# receiver and an SMTP sink. See .ci/scale-out/driver.ts and docs/operations.md.
# Ends with "scale-out: N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in haproxy prometheus prometheus-alertmanager; do
  command -v "$tool" >/dev/null || { echo "scale-out: $tool is not installed"; echo "scale-out: 0 passed, 1 failed"; exit 1; }
done
exec timeout --signal=TERM 900 node --import tsx .ci/scale-out/driver.ts
