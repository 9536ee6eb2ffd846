"""``logger.tenant_setting``: each tenant's retention and redaction choice."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_logger.schema import metadata

tenant_setting = sa.Table(
    "tenant_setting",
    metadata,
    sa.Column("tenant_id", postgresql.UUID(as_uuid=True), primary_key=True),
    sa.Column("retention_days", sa.Integer, nullable=False),
    sa.Column("redact_personal_data", sa.Boolean, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
