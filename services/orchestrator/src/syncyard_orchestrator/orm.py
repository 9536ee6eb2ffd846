"""The declarative base of the orchestrator's tables, all in the ``orchestrator`` schema."""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from syncyard_common.db import naming

SCHEMA = "orchestrator"


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=naming.NAMING_CONVENTION)
