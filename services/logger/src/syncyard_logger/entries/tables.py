"""``logger.entry``: one row per audit step, range-partitioned by day on ``occurred_at``.

The table itself (with its partitioning) is created by the migration; this is the shape
SQLAlchemy needs to insert and query it.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_logger.schema import metadata

entry = sa.Table(
    "entry",
    metadata,
    # The envelope id; with occurred_at (the partition key) it is the primary key and the dedupe.
    sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("occurred_at", sa.DateTime(timezone=True), primary_key=True),
    sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
    sa.Column("integration_id", postgresql.UUID(as_uuid=True)),
    sa.Column("flow", sa.String(40)),
    sa.Column("run_id", postgresql.UUID(as_uuid=True)),
    sa.Column("step", sa.String(80), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("entity_ref", sa.String(300)),
    sa.Column("connection_id", postgresql.UUID(as_uuid=True)),
    sa.Column("message", sa.Text),
    sa.Column("source_payload", postgresql.JSONB(none_as_null=True)),
    sa.Column("sent_payload", postgresql.JSONB(none_as_null=True)),
    sa.Column("response_payload", postgresql.JSONB(none_as_null=True)),
    sa.Column("duration_ms", sa.Float),
    sa.Column("mapping_version", sa.Integer),
    sa.Column("source_service", sa.String(80), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)
