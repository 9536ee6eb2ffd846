"""The mapper's schema: its PostgreSQL name and the metadata every mapper table belongs to.

Each noun's ``tables.py`` declares its tables on this metadata, so no noun's package holds
another's schema (a table module importing a sibling noun for the metadata made package loops).
Alembic (migrations/) owns the database schema.
"""

import sqlalchemy as sa

from syncyard_common.db.naming import NAMING_CONVENTION

SCHEMA = "mapper"

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION, schema=SCHEMA)
