"""dead letters: every parked message, moved out of its DLQ, listed, replayed or discarded

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"
UUID = postgresql.UUID(as_uuid=True)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "dead_letter",
        sa.Column("id", UUID, nullable=False),
        sa.Column("tenant_id", UUID, nullable=True),
        sa.Column("queue", sa.String(100), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=True),
        sa.Column("message_type", sa.String(200), nullable=True),
        sa.Column("integration_id", UUID, nullable=True),
        sa.Column("run_id", UUID, nullable=True),
        sa.Column("subject", sa.String(200), nullable=True),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("first_reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", WHEN, nullable=False),
        sa.Column("last_failed_at", WHEN, nullable=False),
        sa.Column("parked_at", WHEN, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("headers", postgresql.JSONB(), nullable=False),
        sa.Column("properties", postgresql.JSONB(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("resolved_by", sa.String(200), nullable=True),
        sa.Column("resolved_at", WHEN, nullable=True),
        sa.Column("replayed_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_dead_letter"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_dead_letter_tenant_id_parked_at",
        "dead_letter",
        ["tenant_id", "parked_at", "id"],
        schema=SCHEMA,
    )
    op.create_index("ix_dead_letter_parked_at", "dead_letter", ["parked_at", "id"], schema=SCHEMA)
    op.create_index(
        "ix_dead_letter_replaying",
        "dead_letter",
        ["id"],
        schema=SCHEMA,
        postgresql_where=sa.text("state = 'replaying'"),
    )


def downgrade() -> None:
    op.drop_table("dead_letter", schema=SCHEMA)
