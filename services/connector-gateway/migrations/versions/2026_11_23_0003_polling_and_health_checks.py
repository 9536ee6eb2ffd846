"""poll cursors, poll leases and schedule, scheduled health checks

Revision ID: 0003_gateway_polling
Revises: 0002_gateway_request_budget
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_gateway_polling"
down_revision: str | None = "0002_gateway_request_budget"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def _connection_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["connection_id"],
        [f"{SCHEMA}.connection.id"],
        name=f"fk_{table}_connection_id_connection",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "poll_schedule",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_polls", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("connection_id", name="pk_poll_schedule"),
        _connection_fk("poll_schedule"),
        schema=SCHEMA,
    )
    op.create_table(
        "poll_lease",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("connection_id", name="pk_poll_lease"),
        _connection_fk("poll_lease"),
        schema=SCHEMA,
    )
    op.create_table(
        "poll_cursor",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.Text(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("consecutive_errors", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("connection_id", "entity", name="pk_poll_cursor"),
        _connection_fk("poll_cursor"),
        schema=SCHEMA,
    )
    op.create_table(
        "health_check",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("next_check_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unreachable_checks", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("connection_id", name="pk_health_check"),
        _connection_fk("health_check"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("health_check", schema=SCHEMA)
    op.drop_table("poll_cursor", schema=SCHEMA)
    op.drop_table("poll_lease", schema=SCHEMA)
    op.drop_table("poll_schedule", schema=SCHEMA)
