"""The notifier's schema: its name and the declarative base of every notifier table.

Tables are SQLAlchemy typed declarative mappings, as in the other services
(docs/decisions/0007-sqlalchemy-typed-declarative-tables.md); Alembic (migrations/) owns the
database schema, and these declarations must match it (tests/integration/notifier/
test_tables_match_migrations.py).
"""

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from syncyard_common.db.naming import NAMING_CONVENTION

SCHEMA = "notifier"


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=NAMING_CONVENTION)


def utc_now() -> datetime:
    """The default of every notifier timestamp column (and the clock its services read)."""
    return datetime.now(UTC)
