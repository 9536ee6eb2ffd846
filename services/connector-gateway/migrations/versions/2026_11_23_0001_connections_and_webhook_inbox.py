"""connections, webhook inbox, outbox and inbox

Revision ID: 0001_gateway
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from syncyard_common.db import messaging_tables

revision: str = "0001_gateway"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "connection",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("connector", sa.Text(), nullable=False),
        sa.Column("credentials_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("key_id", sa.Text(), nullable=False),
        sa.Column("credential_fields", postgresql.JSONB(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_connection"),
        sa.CheckConstraint("status in ('active', 'failing')", name="ck_connection_status"),
        schema=SCHEMA,
    )
    op.create_index("ix_connection_tenant_id", "connection", ["tenant_id"], schema=SCHEMA)
    op.create_table(
        "webhook_inbox",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("source_event_key", sa.Text(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("connection_id", "source_event_key", name="pk_webhook_inbox"),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            [f"{SCHEMA}.connection.id"],
            name="fk_webhook_inbox_connection_id_connection",
            ondelete="CASCADE",
        ),
        schema=SCHEMA,
    )
    # The 7-day purge (R9) deletes by age.
    op.create_index(
        "ix_webhook_inbox_received_at", "webhook_inbox", ["received_at"], schema=SCHEMA
    )
    messaging_tables.create(op, SCHEMA)


def downgrade() -> None:
    messaging_tables.drop(op, SCHEMA)
    op.drop_index("ix_webhook_inbox_received_at", table_name="webhook_inbox", schema=SCHEMA)
    op.drop_table("webhook_inbox", schema=SCHEMA)
    op.drop_index("ix_connection_tenant_id", table_name="connection", schema=SCHEMA)
    op.drop_table("connection", schema=SCHEMA)
