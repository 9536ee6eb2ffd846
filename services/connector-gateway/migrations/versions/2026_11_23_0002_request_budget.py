"""request budget shared by replicas, per connection

Revision ID: 0002_gateway_request_budget
Revises: 0001_gateway
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_gateway_request_budget"
down_revision: str | None = "0001_gateway"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "request_budget",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("connection_id", name="pk_request_budget"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("request_budget", schema=SCHEMA)
