"""Alembic environment of the mapper: migrations run in the ``mapper`` schema."""

from syncyard_common.db import migrate

migrate.run_env(target_metadata=None, schema="mapper")
