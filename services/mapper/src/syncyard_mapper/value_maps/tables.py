"""The ``mapper.value_map`` table: one row per tenant, integration and map name."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_mapper.schema import metadata

value_map = sa.Table(
    "value_map",
    metadata,
    sa.Column("tenant_id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("integration_id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("entries", postgresql.JSONB, nullable=False),
    sa.Column("default", postgresql.JSONB),
    sa.Column("on_unmapped", sa.String(20), nullable=False),
    sa.Column("updated_by", sa.String(200)),
    sa.Column(
        "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)
