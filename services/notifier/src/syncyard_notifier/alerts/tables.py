"""The ``notifier.alert`` (one delivery per channel) and ``notifier.alert_group`` tables.

The API shows these rows as *deliveries* (``/v1/deliveries``); what it calls an alert, with a
state, is an incident (incidents/tables.py).
"""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_notifier.schema import SCHEMA, Base, utc_now


class AlertStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # attempts exhausted, or the channel answered 410 Gone
    CANCELLED = "cancelled"  # the channel was deleted or disabled before delivery


class Alert(Base):
    """One message to one channel; the delivery worker sends pending rows."""

    __tablename__ = "alert"
    __table_args__ = (
        # Second wall behind the inbox: one alert per (channel, event or summary window).
        UniqueConstraint("channel_id", "dedupe_key", name="uq_alert_channel_id_dedupe_key"),
        Index("ix_alert_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_alert_incident_id", "incident_id"),
        # The delivery worker only ever looks at pending rows that are due.
        Index(
            "ix_alert_pending_due", "next_attempt_at", postgresql_where=text("status = 'pending'")
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(f"{SCHEMA}.channel.id"), nullable=False
    )
    # The alert (incidents/tables.py) this message is a delivery of; None for channel tests.
    incident_id: Mapped[uuid.UUID | None] = mapped_column()
    event: Mapped[str] = mapped_column(String(100), nullable=False)
    dedupe_key: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    link: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=AlertStatus.PENDING)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utc_now
    )
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utc_now
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AlertGroup(Base):
    """The grouping window of one (tenant, integration, error code); see grouping.py."""

    __tablename__ = "alert_group"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id",
            "integration_id",
            "code",
            name="uq_alert_group_tenant_id_integration_id_code",
        ),
        Index("ix_alert_group_open", "closes_at", postgresql_where=text("closes_at IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    integration_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    code: Mapped[str] = mapped_column(String(200), nullable=False)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suppressed_count: Mapped[int] = mapped_column(nullable=False, default=0)
    samples: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
