"""Alembic environment of the notifier: migrations run in the ``notifier`` schema."""

from syncyard_common.db import migrate
from syncyard_notifier.schema import SCHEMA

migrate.run_env(target_metadata=None, schema=SCHEMA)
