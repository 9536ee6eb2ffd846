"""Alerts with a state (incident, incident_run), channel routes, integration mutes.

Revision ID: 0002_notifier_alert_states
Revises: 0001_notifier
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0002_notifier_alert_states"
down_revision: str | None = "0001_notifier"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID = postgresql.UUID(as_uuid=True)


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    default = None if nullable else sa.text("now()")
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, server_default=default)


def _schema() -> str:
    # The service schema unless the runner names another (the stairway test does).
    configured = context.config.attributes.get("syncyard_schema")
    return str(configured or "notifier")


def upgrade() -> None:
    schema = _schema()
    op.create_table(
        "incident",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("state", sa.String(20), nullable=False, server_default="open"),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("integration_id", UUID),
        sa.Column("flow", sa.String(100)),
        sa.Column("connection_id", UUID),
        sa.Column("code", sa.String(200)),
        sa.Column("occurrences", sa.Integer, nullable=False, server_default="1"),
        sa.Column("is_muted", sa.Boolean, nullable=False, server_default=sa.false()),
        _timestamp("opened_at"),
        _timestamp("last_seen_at"),
        _timestamp("acknowledged_at", nullable=True),
        sa.Column("acknowledged_by", sa.String(200)),
        _timestamp("resolved_at", nullable=True),
        sa.Column("resolution", sa.Text),
        sa.CheckConstraint(
            "state IN ('open', 'acknowledged', 'resolved')", name="ck_incident_state"
        ),
        schema=schema,
    )
    op.create_index("ix_incident_tenant_id", "incident", ["tenant_id"], schema=schema)
    # One live (not resolved) alert per subject; a new problem after it resolved opens anew.
    op.create_index(
        "uq_incident_tenant_id_key_live",
        "incident",
        ["tenant_id", "key"],
        unique=True,
        schema=schema,
        postgresql_where=sa.text("state <> 'resolved'"),
    )
    op.create_table(
        "incident_run",
        sa.Column(
            "incident_id",
            UUID,
            sa.ForeignKey(
                f"{schema}.incident.id",
                name="fk_incident_run_incident_id_incident",
                ondelete="CASCADE",
            ),
            primary_key=True,
        ),
        sa.Column("run_id", UUID, primary_key=True),
        sa.Column("tenant_id", UUID, nullable=False),
        schema=schema,
    )
    op.create_index(
        "ix_incident_run_tenant_id_run_id",
        "incident_run",
        ["tenant_id", "run_id"],
        schema=schema,
    )
    op.create_table(
        "integration_mute",
        sa.Column("tenant_id", UUID, primary_key=True),
        sa.Column("integration_id", UUID, primary_key=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("muted_by", sa.String(200), nullable=False),
        _timestamp("muted_at"),
        schema=schema,
    )
    op.add_column("alert", sa.Column("incident_id", UUID), schema=schema)
    op.create_index("ix_alert_incident_id", "alert", ["incident_id"], schema=schema)
    op.add_column("channel", sa.Column("routes", postgresql.JSONB), schema=schema)


def downgrade() -> None:
    schema = _schema()
    op.drop_column("channel", "routes", schema=schema)
    op.drop_index("ix_alert_incident_id", "alert", schema=schema)
    op.drop_column("alert", "incident_id", schema=schema)
    op.drop_table("integration_mute", schema=schema)
    op.drop_table("incident_run", schema=schema)
    op.drop_table("incident", schema=schema)
