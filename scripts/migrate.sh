#!/usr/bin/env bash
# Applies every service's Alembic migrations (each owns one schema) to SYNCYARD_DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SYNCYARD_DATABASE_URL:?set SYNCYARD_DATABASE_URL, e.g. postgresql+asyncpg://syncyard:syncyard@127.0.0.1:5432/syncyard}"
for ini in services/*/alembic.ini; do
  [ -f "$ini" ] || continue
  service_dir=$(dirname "$ini")
  echo "=== migrate $(basename "$service_dir")"
  (cd "$service_dir" && ../../.venv/bin/alembic -c alembic.ini upgrade head)
done
