"""The ``mapper.integration_owner`` table: which tenant an integration id belongs to."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_mapper.schema import metadata

integration_owner = sa.Table(
    "integration_owner",
    metadata,
    sa.Column("integration_id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
    sa.Column(
        "claimed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)
