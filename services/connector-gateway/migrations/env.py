"""Alembic environment of the connector gateway (schema ``gateway``)."""

from syncyard_common.db import migrate
from syncyard_gateway.schema import SCHEMA

migrate.run_env(target_metadata=None, schema=SCHEMA)
