"""initial syncs admitted at the pace of their runs: in-flight limit, typical run, re-sends

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"


def upgrade() -> None:
    # Jobs running at the upgrade start admitting with the start limit.
    op.add_column(
        "sync_job",
        sa.Column("admission_limit", sa.Float(), nullable=False, server_default="10"),
        schema=SCHEMA,
    )
    op.add_column("sync_job", sa.Column("typical_run_seconds", sa.Float()), schema=SCHEMA)
    op.add_column(
        "sync_job",
        sa.Column("commands_resent", sa.Integer(), nullable=False, server_default="0"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    # The old code never starts a queued run, and an active one blocks its record's next run:
    # end them as skipped (start the initial sync again after a downgrade).
    op.execute(f"UPDATE {SCHEMA}.run SET state = 'skipped' WHERE state = 'queued'")
    op.drop_column("sync_job", "commands_resent", schema=SCHEMA)
    op.drop_column("sync_job", "typical_run_seconds", schema=SCHEMA)
    op.drop_column("sync_job", "admission_limit", schema=SCHEMA)
