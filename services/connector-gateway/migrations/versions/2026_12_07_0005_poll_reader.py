"""poll_reader: the entities active flows read from each connection (polling publishes only
those)

Revision ID: 0005_gateway_poll_reader
Revises: 0004_gateway_budget_per_account
Create Date: 2026-12-07

Empty at first: the orchestrator sends every integration's reads at its start-up.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_gateway_poll_reader"
down_revision: str | None = "0004_gateway_budget_per_account"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "poll_reader",
        sa.Column("integration_id", sa.Uuid(), nullable=False),
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("entities", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("integration_id", "connection_id", name="pk_poll_reader"),
        schema=SCHEMA,
    )
    op.create_index("ix_poll_reader_connection_id", "poll_reader", ["connection_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_poll_reader_connection_id", table_name="poll_reader", schema=SCHEMA)
    op.drop_table("poll_reader", schema=SCHEMA)
