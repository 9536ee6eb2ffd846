"""The ``mapper.mapping_test`` table: a tenant's sample-in → expected-out cases per flow."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_mapper.schema import metadata

mapping_test = sa.Table(
    "mapping_test",
    metadata,
    sa.Column("tenant_id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("integration_id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("flow", sa.String(40), primary_key=True),
    sa.Column("cases", postgresql.JSONB, nullable=False),
    sa.Column("updated_by", sa.String(200)),
    sa.Column(
        "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)
