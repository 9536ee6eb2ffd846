"""Alembic environment of the orchestrator: its own schema, via syncyard_common."""

from syncyard_common.db import migrate
from syncyard_orchestrator.integrations import tables as integration_tables  # noqa: F401
from syncyard_orchestrator.runs import tables as run_tables  # noqa: F401
from syncyard_orchestrator.schema import SCHEMA, Base

migrate.run_env(target_metadata=Base.metadata, schema=SCHEMA)
