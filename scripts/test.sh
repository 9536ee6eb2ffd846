#!/usr/bin/env bash
# The single test command: bootstrap, then every lint and every test; non-zero on any failure.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -x -k orders`).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh || { echo "test.sh: bootstrap failed"; exit 1; }

# The console: type check and build (the browser tests serve console/dist), then its own
# unit tests (vitest). A failure counts as a lint failure.
echo "=== console: tsc, vite build, vitest"
lint_status=0
(cd console && npm run --silent build && npm test --silent) || lint_status=1

# A hung suite must not eat CI's 90 minutes; the whole run is meant to take under 20. The soak
# drills (paced by a store's quota: 25 minutes and more) are left to `make soak`.
pytest_status=0
if [ "$#" -gt 0 ]; then
  bash scripts/lint.sh || lint_status=$?
  echo "=== pytest"
  timeout -k 30 3900 .venv/bin/pytest tests "$@" || pytest_status=$?
else
  # Three pytest sessions side by side, each with its own PostgreSQL, RabbitMQ and system,
  # and the lints beside them (mypy from cold takes most of a minute). The end-to-end and
  # fault suites mostly wait on their system, so they are split in two; the third session
  # has the rest, which mostly computes. The sessions are balanced by their measured times
  # (--durations: each prints its 25 slowest setups, calls and teardowns, so CI's log shows
  # where the wall time goes). The upgrade drill starts a system of its own rather than use
  # the session's.
  own_system_drill=tests/fault/test_upgrade_from_previous_release.py
  flows=(tests/e2e/console tests/e2e/flows tests/fault --ignore="$own_system_drill"
    tests/integration/orchestrator)
  orders=(tests/e2e --ignore=tests/e2e/console --ignore=tests/e2e/flows "$own_system_drill"
    tests/contract/simulators tests/integration/common tests/integration/notifier
    tests/integration/logger)
  # The OpenAPI checks first: their five schemathesis runs are the session's heaviest CPU,
  # best spent while the other sessions wait for the systems they start.
  main=(tests/openapi)
  for folder in tests/*/; do
    case "$folder" in
      tests/openapi/ | tests/e2e/ | tests/fault/) ;;
      *) main+=("$folder") ;;
    esac
  done
  for moved in tests/contract/simulators tests/integration/{common,orchestrator,notifier,logger}; do
    main+=(--ignore="$moved")
  done

  logs="$(mktemp -d -t syncyard-test-XXXXXX)"
  bash scripts/lint.sh >"$logs/lint.log" 2>&1 &
  lint_pid=$!
  timeout -k 30 1800 .venv/bin/pytest "${flows[@]}" -m "not soak" --durations=25 \
    >"$logs/flows.log" 2>&1 &
  flows_pid=$!
  timeout -k 30 1800 .venv/bin/pytest "${orders[@]}" -m "not soak" --durations=25 \
    >"$logs/orders.log" 2>&1 &
  orders_pid=$!
  echo "=== pytest ${main[*]} (the other two sessions' output follows it)"
  timeout -k 30 1800 .venv/bin/pytest "${main[@]}" -m "not soak" --durations=25 || pytest_status=$?
  for session in lint flows orders; do
    pid_var="${session}_pid"
    session_status=0
    wait "${!pid_var}" || session_status=$?
    case "$session" in
      lint) echo "=== lints (ran alongside)" ;;
      flows) echo "=== pytest ${flows[*]} (ran alongside)" ;;
      orders) echo "=== pytest ${orders[*]} (ran alongside)" ;;
    esac
    cat "$logs/$session.log"
    if [ "$session" = lint ]; then
      [ "$session_status" -ne 0 ] && lint_status=$session_status
    elif [ "$session_status" -ne 0 ] && [ "$pytest_status" -eq 0 ]; then
      pytest_status=$session_status
    fi
  done
  rm -rf "$logs"
fi
if [ "$pytest_status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests, which counts as a failure"
fi

if [ "$lint_status" -ne 0 ] || [ "$pytest_status" -ne 0 ]; then
  echo "test.sh: FAILED (lint exit $lint_status, pytest exit $pytest_status)"
  exit 1
fi
echo "test.sh: all lints and tests passed"
