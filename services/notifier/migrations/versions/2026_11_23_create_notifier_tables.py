"""Create the notifier tables: channel, alert, alert_group, and the outbox/inbox.

Revision ID: 0001_notifier
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

from syncyard_common.db import messaging_tables

revision: str = "0001_notifier"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID = postgresql.UUID(as_uuid=True)


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    default = None if nullable else sa.text("now()")
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, server_default=default)


def _schema() -> str:
    # The service schema unless the runner names another (the stairway test does).
    configured = context.config.attributes.get("syncyard_schema")
    return str(configured or "notifier")


def upgrade() -> None:
    schema = _schema()
    op.create_table(
        "channel",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("address", sa.String(320)),
        sa.Column("url", sa.String(2048)),
        sa.Column("signing_secret_sealed", postgresql.BYTEA),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("disabled_reason", sa.Text),
        _timestamp("created_at"),
        _timestamp("deleted_at", nullable=True),
        sa.CheckConstraint("kind IN ('email', 'webhook')", name="ck_channel_kind"),
        schema=schema,
    )
    op.create_index("ix_channel_tenant_id", "channel", ["tenant_id"], schema=schema)
    op.create_table(
        "alert",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column(
            "channel_id",
            UUID,
            sa.ForeignKey(f"{schema}.channel.id", name="fk_alert_channel_id_channel"),
            nullable=False,
        ),
        sa.Column("event", sa.String(100), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("link", sa.Text),
        sa.Column("fields", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        _timestamp("next_attempt_at"),
        sa.Column("last_error", sa.Text),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.UniqueConstraint("channel_id", "dedupe_key", name="uq_alert_channel_id_dedupe_key"),
        schema=schema,
    )
    op.create_index("ix_alert_tenant_id_created_at", "alert", ["tenant_id", "created_at"], schema=schema)
    # The delivery worker only ever looks at pending rows that are due.
    op.create_index(
        "ix_alert_pending_due",
        "alert",
        ["next_attempt_at"],
        schema=schema,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "alert_group",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("integration_id", UUID, nullable=False),
        sa.Column("code", sa.String(200), nullable=False),
        _timestamp("closes_at", nullable=True),
        sa.Column("suppressed_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("samples", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.UniqueConstraint(
            "tenant_id", "integration_id", "code", name="uq_alert_group_tenant_id_integration_id_code"
        ),
        schema=schema,
    )
    op.create_index(
        "ix_alert_group_open",
        "alert_group",
        ["closes_at"],
        schema=schema,
        postgresql_where=sa.text("closes_at IS NOT NULL"),
    )
    messaging_tables.create(op, schema)


def downgrade() -> None:
    schema = _schema()
    messaging_tables.drop(op, schema)
    op.drop_table("alert_group", schema=schema)
    op.drop_table("alert", schema=schema)
    op.drop_table("channel", schema=schema)
