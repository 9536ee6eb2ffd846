"""The orchestrator's schema: its PostgreSQL name and the declarative base of every table, and
the ``source`` its envelopes carry.

Each noun's ``tables.py`` declares its tables on this base; Alembic (migrations/) owns the
database schema.
"""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from syncyard_common.db import naming

SCHEMA = "orchestrator"
SOURCE = "orchestrator"  # the ``source`` of every envelope this service publishes


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=naming.NAMING_CONVENTION)
