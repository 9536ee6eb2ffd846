"""Per-tenant API keys for machine clients (only a hash of each secret is kept).

Every service reads this table to check an API key (syncyard_common.auth.api_keys).

Revision ID: 0007_gateway_api_key
Revises: 0006_gateway_connection_outage
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_gateway_api_key"
down_revision: str | None = "0006_gateway_connection_outage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_key"),
        sa.UniqueConstraint("secret_hash", name="uq_api_key_secret_hash"),
        sa.CheckConstraint(
            "role IN ('admin', 'operator', 'viewer')", name="ck_api_key_role_known"
        ),
        schema=SCHEMA,
    )
    op.create_index("ix_api_key_tenant_id", "api_key", ["tenant_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("api_key", schema=SCHEMA)
