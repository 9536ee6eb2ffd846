"""create orchestrator tables: integration, integration_flow, run, outbox, inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from syncyard_common.db import messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"
ACTIVE = "state NOT IN ('done', 'skipped', 'failed')"
UUID = postgresql.UUID(as_uuid=True)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
    ]


def upgrade() -> None:
    op.create_table(
        "integration",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source_connection_id", UUID, nullable=False),
        sa.Column("target_connection_id", UUID, nullable=False),
        sa.Column("source_connector", sa.String(50), nullable=False),
        sa.Column("target_connector", sa.String(50), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_integration"),
        schema=SCHEMA,
    )
    op.create_index("ix_integration_tenant_id_created_at", "integration", ["tenant_id", "created_at"], schema=SCHEMA)
    op.create_index("ix_integration_source_connection_id", "integration", ["source_connection_id"], schema=SCHEMA)

    op.create_table(
        "integration_flow",
        sa.Column("integration_id", UUID, nullable=False),
        sa.Column("flow", sa.String(50), nullable=False),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("direction", sa.String(30), nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.Column("settings", postgresql.JSONB, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("integration_id", "flow", name="pk_integration_flow"),
        sa.ForeignKeyConstraint(
            ["integration_id"], [f"{SCHEMA}.integration.id"],
            name="fk_integration_flow_integration_id_integration", ondelete="CASCADE",
        ),
        schema=SCHEMA,
    )

    op.create_table(
        "run",
        sa.Column("id", UUID, nullable=False),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("integration_id", UUID, nullable=False),
        sa.Column("flow", sa.String(50), nullable=False),
        sa.Column("source_connection_id", UUID, nullable=False),
        sa.Column("source_entity_id", sa.String(200), nullable=False),
        sa.Column("entity_ref", sa.String(200)),
        sa.Column("state", sa.String(50), nullable=False),
        sa.Column("state_json", postgresql.JSONB, nullable=False),
        sa.Column("settings_json", postgresql.JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("pending_command_id", UUID),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_run"),
        schema=SCHEMA,
    )
    op.create_index(
        "uq_run_active_source_entity", "run",
        ["tenant_id", "integration_id", "flow", "source_entity_id"],
        unique=True, schema=SCHEMA, postgresql_where=sa.text(ACTIVE),
    )
    op.create_index("ix_run_tenant_id_created_at", "run", ["tenant_id", "created_at", "id"], schema=SCHEMA)
    op.create_index("ix_run_integration_id_created_at", "run", ["integration_id", "created_at"], schema=SCHEMA)
    op.create_index("ix_run_lease_expires_at", "run", ["lease_expires_at"], schema=SCHEMA, postgresql_where=sa.text(ACTIVE))

    messaging_tables.create(op, SCHEMA)


def downgrade() -> None:
    messaging_tables.drop(op, SCHEMA)
    op.drop_table("run", schema=SCHEMA)
    op.drop_table("integration_flow", schema=SCHEMA)
    op.drop_table("integration", schema=SCHEMA)
