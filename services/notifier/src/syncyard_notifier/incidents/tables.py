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

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_notifier.schema import SCHEMA, Base, utc_now


class IncidentState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class IncidentKind(StrEnum):
    RUN_FAILURES = "run_failures"
    CONNECTION_OUTAGE = "connection_outage"
    CONNECTION_FAILED = "connection_failed"


class Incident(Base):
    """One problem, from the first event to its resolution."""

    __tablename__ = "incident"
    __table_args__ = (
        Index("ix_incident_tenant_id", "tenant_id"),
        Index(
            "uq_incident_tenant_id_key_live",
            "tenant_id",
            "key",
            unique=True,
            postgresql_where=text("state <> 'resolved'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    key: Mapped[str] = mapped_column(String(300), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=IncidentState.OPEN)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    integration_id: Mapped[uuid.UUID | None] = mapped_column()
    flow: Mapped[str | None] = mapped_column(String(100))
    connection_id: Mapped[uuid.UUID | None] = mapped_column()
    code: Mapped[str | None] = mapped_column(String(200))
    occurrences: Mapped[int] = mapped_column(nullable=False, default=1)
    # Recorded while its integration was muted: nothing of it was delivered.
    is_muted: Mapped[bool] = mapped_column(nullable=False, default=False)
    opened_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utc_now
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utc_now
    )
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)


class IncidentRun(Base):
    """A failed run of a run-failures incident that has not succeeded since."""

    __tablename__ = "incident_run"
    __table_args__ = (Index("ix_incident_run_tenant_id_run_id", "tenant_id", "run_id"),)

    incident_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(f"{SCHEMA}.incident.id", ondelete="CASCADE"), primary_key=True
    )
    run_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
