#!/usr/bin/env bash
# Applies every service's Alembic migrations (each owns one schema) as SYNCYARD_MIGRATION_DATABASE_URL
# (default SYNCYARD_DATABASE_URL), granting SYNCYARD_DATABASE_URL's role DML on them,
# the way each pod's init container does on Kubernetes (python -m syncyard_common.db.upgrade).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SYNCYARD_DATABASE_URL:?set SYNCYARD_DATABASE_URL, e.g. postgresql+asyncpg://syncyard_app:syncyard_app@127.0.0.1:5432/syncyard, and SYNCYARD_MIGRATION_DATABASE_URL (the owner, syncyard:syncyard)}"
for migrations in services/*/migrations; do
  [ -f "$migrations/env.py" ] || continue
  service_dir=$(dirname "$migrations")
  echo "=== migrate $(basename "$service_dir")"
  (cd "$service_dir" && ../../.venv/bin/python -m syncyard_common.db.upgrade)
done
