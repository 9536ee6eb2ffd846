#!/usr/bin/env bash
# Start everything on this machine: PostgreSQL, RabbitMQ, the simulators, the five services,
# and a seeded demo tenant. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The console the front door serves at / (console/dist).
(cd console && npm run --silent build >/dev/null)
exec .venv/bin/python -m scripts.up "$@"
