"""request budget per remote account and budget, learned from the vendor's answers

Revision ID: 0004_gateway_budget_per_account
Revises: 0003_gateway_polling
Create Date: 2026-12-01

The rows are a cache of the vendor's state, rebuilt from its next answer: the per-connection
table is dropped, not converted (its balances say nothing about the shared account's).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_gateway_budget_per_account"
down_revision: str | None = "0003_gateway_polling"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.drop_table("request_budget", schema=SCHEMA)
    op.create_table(
        "request_budget",
        sa.Column("account_key", sa.Text(), nullable=False),
        sa.Column("bucket", sa.Text(), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("issued", sa.Float(), nullable=False),
        sa.Column("capacity", sa.Float(), nullable=False),
        sa.Column("per_second", sa.Float(), nullable=False),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_key", "bucket", name="pk_request_budget"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("request_budget", schema=SCHEMA)
    op.create_table(
        "request_budget",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("connection_id", name="pk_request_budget"),
        schema=SCHEMA,
    )
