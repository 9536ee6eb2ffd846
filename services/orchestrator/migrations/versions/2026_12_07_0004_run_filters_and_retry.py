"""runs an operator can filter, count and retry: failure_code, step history, indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"


def upgrade() -> None:
    op.add_column("run", sa.Column("failure_code", sa.String(100)), schema=SCHEMA)
    op.add_column(
        "run",
        sa.Column(
            "step_history",
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
        schema=SCHEMA,
    )
    # Runs that failed before the column existed can be filtered by their code too.
    op.execute(
        f"UPDATE {SCHEMA}.run SET failure_code = state_json->>'failure_code' WHERE state = 'failed'"
    )
    op.create_index(
        "ix_run_tenant_id_flow_created_at", "run", ["tenant_id", "flow", "created_at"],
        schema=SCHEMA,
    )  # fmt: skip
    op.create_index(
        "ix_run_tenant_id_state_created_at", "run", ["tenant_id", "state", "created_at"],
        schema=SCHEMA,
    )  # fmt: skip
    op.create_index(
        "ix_run_tenant_id_failure_code_created_at", "run",
        ["tenant_id", "failure_code", "created_at"], schema=SCHEMA,
        postgresql_where=sa.text("failure_code IS NOT NULL"),
    )  # fmt: skip
    op.create_index(
        "ix_run_tenant_id_entity_ref", "run", ["tenant_id", "entity_ref"], schema=SCHEMA
    )
    op.create_index(
        "ix_run_tenant_id_source_entity_id", "run", ["tenant_id", "source_entity_id"],
        schema=SCHEMA,
    )  # fmt: skip


def downgrade() -> None:
    for name in (
        "ix_run_tenant_id_source_entity_id",
        "ix_run_tenant_id_entity_ref",
        "ix_run_tenant_id_failure_code_created_at",
        "ix_run_tenant_id_state_created_at",
        "ix_run_tenant_id_flow_created_at",
    ):
        op.drop_index(name, table_name="run", schema=SCHEMA)
    op.drop_column("run", "step_history", schema=SCHEMA)
    op.drop_column("run", "failure_code", schema=SCHEMA)
