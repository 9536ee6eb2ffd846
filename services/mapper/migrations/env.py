"""Alembic environment of the mapper: migrations run in the ``mapper`` schema."""

from syncyard_common.db import migrate
from syncyard_mapper.schema import SCHEMA

migrate.run_env(target_metadata=None, schema=SCHEMA)
