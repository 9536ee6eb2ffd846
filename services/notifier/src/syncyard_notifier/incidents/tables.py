"""The ``notifier.incident`` table (an alert with a state) and ``notifier.incident_run``.

The API calls an incident an *alert*; the ``alert`` table holds its deliveries (one row per
channel and message). An incident is keyed by what it is about (``key``): a group of failed
runs (integration + error code), a connection's outage, a failing connection. At most one
incident per key is live (not resolved) at a time; a new problem after it resolved opens a
new one.
"""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from syncyard_notifier.channels.tables import SCHEMA, utc_now


class IncidentState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class IncidentKind(StrEnum):
    RUN_FAILURES = "run_failures"
    CONNECTION_OUTAGE = "connection_outage"
    CONNECTION_FAILED = "connection_failed"


class Incident(SQLModel, table=True):
    """One problem, from the first event to its resolution."""

    __tablename__ = "incident"
    __table_args__ = (
        sa.Index(
            "uq_incident_tenant_id_key_live",
            "tenant_id",
            "key",
            unique=True,
            postgresql_where=sa.text("state <> 'resolved'"),
        ),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID = Field(index=True)
    kind: str = Field(max_length=40)
    key: str = Field(max_length=300)
    state: str = Field(default=IncidentState.OPEN, max_length=20)
    title: str
    integration_id: uuid.UUID | None = None
    flow: str | None = Field(default=None, max_length=100)
    connection_id: uuid.UUID | None = None
    code: str | None = Field(default=None, max_length=200)
    occurrences: int = 1
    # Recorded while its integration was muted: nothing of it was delivered.
    is_muted: bool = False
    opened_at: datetime = Field(
        default_factory=utc_now, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )
    last_seen_at: datetime = Field(
        default_factory=utc_now, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )
    acknowledged_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    acknowledged_by: str | None = Field(default=None, max_length=200)
    resolved_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    resolution: str | None = None


class IncidentRun(SQLModel, table=True):
    """A failed run of a run-failures incident that has not succeeded since."""

    __tablename__ = "incident_run"
    __table_args__ = (
        sa.Index("ix_incident_run_tenant_id_run_id", "tenant_id", "run_id"),
        {"schema": SCHEMA},
    )

    incident_id: uuid.UUID = Field(
        primary_key=True, foreign_key=f"{SCHEMA}.incident.id", ondelete="CASCADE"
    )
    run_id: uuid.UUID = Field(primary_key=True)
    tenant_id: uuid.UUID
