"""Alembic environment of the logger: migrations run in the ``logger`` schema."""

from syncyard_common.db import migrate
from syncyard_logger.schema import SCHEMA

migrate.run_env(target_metadata=None, schema=SCHEMA)
