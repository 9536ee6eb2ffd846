"""entity links, initial sync jobs, run.job_id

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"
UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "entity_link",
        sa.Column("integration_id", UUID, nullable=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("source_connection_id", UUID, nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("target_connection_id", UUID, nullable=False),
        sa.Column("target_id", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.PrimaryKeyConstraint("integration_id", "entity", "source_connection_id", "source_id", name="pk_entity_link"),
        sa.ForeignKeyConstraint(["integration_id"], [f"{SCHEMA}.integration.id"], ondelete="CASCADE", name="fk_entity_link_integration"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_entity_link_target", "entity_link",
        ["tenant_id", "target_connection_id", "entity", "target_id"], schema=SCHEMA,
    )
    op.create_table(
        "sync_job",
        sa.Column("id", UUID, nullable=False),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("integration_id", UUID, nullable=False),
        sa.Column("flow", sa.String(50), nullable=False),
        sa.Column("source_connection_id", UUID, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("pages_read", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("records_seen", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("pending_command_id", UUID, nullable=True),
        sa.Column("pending_command", postgresql.JSONB(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_job"),
        sa.ForeignKeyConstraint(["integration_id"], [f"{SCHEMA}.integration.id"], ondelete="CASCADE", name="fk_sync_job_integration"),
        schema=SCHEMA,
    )
    op.create_index("ix_sync_job_tenant_integration", "sync_job", ["tenant_id", "integration_id", "created_at"], schema=SCHEMA)
    op.add_column("run", sa.Column("job_id", UUID, nullable=True), schema=SCHEMA)
    op.create_index("ix_run_job_id_state", "run", ["job_id", "state"], schema=SCHEMA, postgresql_where=sa.text("job_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_run_job_id_state", table_name="run", schema=SCHEMA)
    op.drop_column("run", "job_id", schema=SCHEMA)
    op.drop_index("ix_sync_job_tenant_integration", table_name="sync_job", schema=SCHEMA)
    op.drop_table("sync_job", schema=SCHEMA)
    op.drop_index("ix_entity_link_target", table_name="entity_link", schema=SCHEMA)
    op.drop_table("entity_link", schema=SCHEMA)
