#!/usr/bin/env bash
# Lints what an operator deploys with (deploy/): the Prometheus rules and
# their unit tests, the YAML, the haproxy and Caddy configurations. Each
# check runs when its tool is installed; a missing tool fails the stage.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
failed=0 passed=0
check() {
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
  fi
}
check "promtool check rules" promtool check rules deploy/prometheus/foyer-rules.yml
check "promtool test rules" bash -c 'cd deploy/prometheus && promtool test rules foyer-rules.test.yml'
check "yamllint deploy/" yamllint -c deploy/.yamllint deploy/
check "haproxy -c" haproxy -c -q -f deploy/haproxy.cfg
check "caddy validate" caddy validate --config deploy/Caddyfile --adapter caddyfile
echo "deploy checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
