"""Alembic environment of the orchestrator: its own schema, via syncyard_common."""

from syncyard_common.db import migrate
from syncyard_orchestrator.integrations import tables as integration_tables  # noqa: F401
from syncyard_orchestrator.orm import SCHEMA, Base
from syncyard_orchestrator.runs import tables as run_tables  # noqa: F401

migrate.run_env(target_metadata=Base.metadata, schema=SCHEMA)
