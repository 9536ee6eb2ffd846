"""Create logger.entry (partitioned by day), logger.tenant_setting and the outbox/inbox tables.

Revision ID: 0001_logger
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from syncyard_common.db import messaging_tables

revision: str = "0001_logger"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "logger"


def upgrade() -> None:
    # Alembic cannot declare partitioning; the partitions themselves are created at run time
    # (ahead of time by the retention job, and on demand by the writer).
    op.execute(
        f"""
        CREATE TABLE "{SCHEMA}".entry (
            id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            tenant_id uuid NOT NULL,
            integration_id uuid,
            flow varchar(40),
            run_id uuid,
            step varchar(80) NOT NULL,
            outcome varchar(20) NOT NULL,
            entity_ref varchar(300),
            connection_id uuid,
            message text,
            source_payload jsonb,
            sent_payload jsonb,
            response_payload jsonb,
            duration_ms double precision,
            mapping_version integer,
            source_service varchar(80) NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_entry PRIMARY KEY (id, occurred_at)
        ) PARTITION BY RANGE (occurred_at)
        """
    )
    op.execute(
        f'CREATE INDEX ix_entry_tenant_id_run_id ON "{SCHEMA}".entry '
        "(tenant_id, run_id, occurred_at)"
    )
    op.execute(
        f'CREATE INDEX ix_entry_tenant_id_integration_id ON "{SCHEMA}".entry '
        "(tenant_id, integration_id, occurred_at DESC, id DESC)"
    )
    op.execute(
        f'CREATE INDEX ix_entry_tenant_id_entity_ref ON "{SCHEMA}".entry (tenant_id, entity_ref)'
    )
    op.execute(f'CREATE INDEX ix_entry_occurred_at ON "{SCHEMA}".entry (occurred_at)')
    op.create_table(
        "tenant_setting",
        sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("retention_days", sa.Integer, nullable=False, server_default="30"),
        sa.Column(
            "redact_personal_data", sa.Boolean, nullable=False, server_default=sa.false()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_tenant_setting"),
        sa.CheckConstraint(
            "retention_days BETWEEN 1 AND 3650", name="ck_tenant_setting_retention_days"
        ),
        schema=SCHEMA,
    )
    messaging_tables.create(op, SCHEMA)


def downgrade() -> None:
    messaging_tables.drop(op, SCHEMA)
    op.drop_table("tenant_setting", schema=SCHEMA)
    op.execute(f'DROP TABLE "{SCHEMA}".entry CASCADE')
