"""connection outage: a connection's run of failed remote calls, shared by replicas

Revision ID: 0006_gateway_connection_outage
Revises: 0005_gateway_poll_reader
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_gateway_connection_outage"
down_revision: str | None = "0005_gateway_poll_reader"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "connection_outage",
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_code", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("probed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("connection_id", name="pk_connection_outage"),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            [f"{SCHEMA}.connection.id"],
            name="fk_connection_outage_connection_id_connection",
            ondelete="CASCADE",
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("connection_outage", schema=SCHEMA)
