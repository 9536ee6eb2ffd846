"""tenant_retention: each tenant's retention as set in the logger, for run payload snapshots

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"


def upgrade() -> None:
    op.create_table(
        "tenant_retention",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_tenant_retention")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("tenant_retention", schema=SCHEMA)
