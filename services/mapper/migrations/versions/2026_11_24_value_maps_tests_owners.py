"""Create mapper.value_map, mapper.mapping_test and mapper.integration_owner.

Revision ID: 0002_mapper
Revises: 0001_mapper
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_mapper"
down_revision: str | None = "0001_mapper"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "mapper"


def _changed_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("updated_by", sa.String(200)),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "value_map",
        sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("integration_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("entries", postgresql.JSONB, nullable=False),
        sa.Column("default", postgresql.JSONB),
        sa.Column("on_unmapped", sa.String(20), nullable=False),
        *_changed_columns(),
        sa.PrimaryKeyConstraint("tenant_id", "integration_id", "name", name="pk_value_map"),
        sa.CheckConstraint(
            "on_unmapped IN ('use_default', 'fail')", name="ck_value_map_on_unmapped"
        ),
        schema=SCHEMA,
    )
    op.create_table(
        "mapping_test",
        sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("integration_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("flow", sa.String(40), nullable=False),
        sa.Column("cases", postgresql.JSONB, nullable=False),
        *_changed_columns(),
        sa.PrimaryKeyConstraint("tenant_id", "integration_id", "flow", name="pk_mapping_test"),
        schema=SCHEMA,
    )
    # The mapper cannot see integrations (the orchestrator owns them); the first tenant to
    # save anything for one, or the first run for it, claims it, and any other gets 404.
    op.create_table(
        "integration_owner",
        sa.Column("integration_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column(
            "claimed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("integration_id", name="pk_integration_owner"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("integration_owner", schema=SCHEMA)
    op.drop_table("mapping_test", schema=SCHEMA)
    op.drop_table("value_map", schema=SCHEMA)
