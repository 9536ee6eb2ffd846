"""Alembic environment of the logger: migrations run in the ``logger`` schema."""

from syncyard_common.db import migrate

migrate.run_env(target_metadata=None, schema="logger")
