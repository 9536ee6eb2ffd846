"""Create mapper.mapping and the outbox/inbox tables.

Revision ID: 0001_mapper
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from syncyard_common.db import messaging_tables

revision: str = "0001_mapper"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "mapper"


def upgrade() -> None:
    op.create_table(
        "mapping",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("tenant_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("integration_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("flow", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", postgresql.JSONB, nullable=False),
        sa.Column("created_by", sa.String(200)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mapping"),
        # Also the index behind "latest version of (tenant, integration, flow)".
        sa.UniqueConstraint(
            "tenant_id",
            "integration_id",
            "flow",
            "version",
            name="uq_mapping_tenant_id_integration_id_flow_version",
        ),
        schema=SCHEMA,
    )
    # Saved versions are immutable: a change is a new version, never an UPDATE.
    op.execute(
        f"""
        CREATE FUNCTION "{SCHEMA}".refuse_mapping_update() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'mapping versions are immutable; save a new version';
        END $$
        """
    )
    op.execute(
        f'CREATE TRIGGER mapping_is_immutable BEFORE UPDATE ON "{SCHEMA}".mapping '
        f'FOR EACH ROW EXECUTE FUNCTION "{SCHEMA}".refuse_mapping_update()'
    )
    messaging_tables.create(op, SCHEMA)


def downgrade() -> None:
    messaging_tables.drop(op, SCHEMA)
    op.execute(f'DROP TRIGGER mapping_is_immutable ON "{SCHEMA}".mapping')
    op.execute(f'DROP FUNCTION "{SCHEMA}".refuse_mapping_update()')
    op.drop_table("mapping", schema=SCHEMA)
