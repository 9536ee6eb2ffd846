"""The ``mapper.mapping`` table: one immutable row per saved version."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_mapper.schema import metadata

mapping = sa.Table(
    "mapping",
    metadata,
    sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
    sa.Column("integration_id", postgresql.UUID(as_uuid=True), nullable=False),
    sa.Column("flow", sa.String(40), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("document", postgresql.JSONB, nullable=False),
    sa.Column("created_by", sa.String(200)),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.UniqueConstraint("tenant_id", "integration_id", "flow", "version"),
)
