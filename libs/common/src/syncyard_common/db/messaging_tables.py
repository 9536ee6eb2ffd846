"""Outbox and inbox tables, created in each service's own schema by its first migration."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def create(op: Any, schema: str) -> None:
    """Create ``<schema>.outbox`` and ``<schema>.inbox`` (call from an Alembic migration)."""
    op.create_table(
        "outbox",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("envelope", postgresql.JSONB, nullable=False),
        # Trace context of the transaction that wrote the row, re-injected when relayed.
        sa.Column("headers", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("now()"),
        ),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        schema=schema,
    )
    # The relay only ever looks at pending rows, oldest first.
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["created_at"],
        schema=schema,
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("message_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "handled_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("now()"),
        ),
        schema=schema,
    )
    op.create_index("ix_inbox_handled_at", "inbox", ["handled_at"], schema=schema)


def drop(op: Any, schema: str) -> None:
    op.drop_table("inbox", schema=schema)
    op.drop_table("outbox", schema=schema)
