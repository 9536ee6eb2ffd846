"""reconciliation reports and their items (source and target compared per flow and period)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"


def upgrade() -> None:
    op.create_table(
        "reconciliation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=False),
        sa.Column("flow", sa.String(length=50), nullable=False),
        sa.Column("period_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("extra", sa.Integer(), nullable=False),
        sa.Column("mismatched", sa.Integer(), nullable=False),
        sa.Column("reads", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            [f"{SCHEMA}.integration.id"],
            name="fk_reconciliation_integration_id_integration",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reconciliation"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_reconciliation_tenant_id_created_at",
        "reconciliation",
        ["tenant_id", "created_at"],
        schema=SCHEMA,
    )
    op.create_index(
        "ix_reconciliation_state_lease_expires_at",
        "reconciliation",
        ["state", "lease_expires_at"],
        schema=SCHEMA,
    )
    op.create_index(
        "uq_reconciliation_daily",
        "reconciliation",
        ["integration_id", "flow", "period_from"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("origin = 'daily'"),
    )
    op.create_table(
        "reconciliation_item",
        sa.Column("reconciliation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("source_connection_id", sa.Uuid(), nullable=True),
        sa.Column("target_id", sa.Text(), nullable=True),
        sa.Column("field", sa.Text(), nullable=True),
        sa.Column("source_value", sa.Text(), nullable=True),
        sa.Column("target_value", sa.Text(), nullable=True),
        sa.Column("record", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("rerun_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["reconciliation_id"],
            [f"{SCHEMA}.reconciliation.id"],
            name="fk_reconciliation_item_reconciliation_id_reconciliation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reconciliation_id", "position", name="pk_reconciliation_item"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("reconciliation_item", schema=SCHEMA)
    op.drop_index("uq_reconciliation_daily", table_name="reconciliation", schema=SCHEMA)
    op.drop_index(
        "ix_reconciliation_state_lease_expires_at", table_name="reconciliation", schema=SCHEMA
    )
    op.drop_index(
        "ix_reconciliation_tenant_id_created_at", table_name="reconciliation", schema=SCHEMA
    )
    op.drop_table("reconciliation", schema=SCHEMA)
