#!/usr/bin/env bash
# Applies every service's Alembic migrations (each owns one schema) to SYNCYARD_DATABASE_URL,
# the way each pod's init container does on Kubernetes (python -m syncyard_common.db.upgrade).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SYNCYARD_DATABASE_URL:?set SYNCYARD_DATABASE_URL, e.g. postgresql+asyncpg://syncyard:syncyard@127.0.0.1:5432/syncyard}"
for migrations in services/*/migrations; do
  [ -f "$migrations/env.py" ] || continue
  service_dir=$(dirname "$migrations")
  echo "=== migrate $(basename "$service_dir")"
  (cd "$service_dir" && ../../.venv/bin/python -m syncyard_common.db.upgrade)
done
