"""Alembic environment of the connector gateway (schema ``gateway``)."""

from syncyard_common.db import migrate

migrate.run_env(target_metadata=None, schema="gateway")
