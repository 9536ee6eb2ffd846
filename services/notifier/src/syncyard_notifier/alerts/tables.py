"""The ``notifier.alert`` (one delivery per channel) and ``notifier.alert_group`` tables.

The API shows these rows as *deliveries* (``/v1/deliveries``); what it calls an alert, with a
state, is an incident (incidents/tables.py).
"""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel

from syncyard_notifier.channels.tables import SCHEMA, utc_now


class AlertStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # attempts exhausted, or the channel answered 410 Gone
    CANCELLED = "cancelled"  # the channel was deleted or disabled before delivery


class Alert(SQLModel, table=True):
    """One message to one channel; the delivery worker sends pending rows."""

    __tablename__ = "alert"
    __table_args__ = (
        # Second wall behind the inbox: one alert per (channel, event or summary window).
        sa.UniqueConstraint("channel_id", "dedupe_key", name="uq_alert_channel_id_dedupe_key"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID = Field(index=True)
    channel_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.channel.id")
    # The alert (incidents/tables.py) this message is a delivery of; None for channel tests.
    incident_id: uuid.UUID | None = Field(default=None, index=True)
    event: str = Field(max_length=100)
    dedupe_key: str = Field(max_length=200)
    title: str
    text: str
    link: str | None = None
    fields: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(postgresql.JSONB, nullable=False)
    )
    status: str = Field(default=AlertStatus.PENDING, max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(
        default_factory=utc_now, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )
    last_error: str | None = None
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )
    sent_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class AlertGroup(SQLModel, table=True):
    """The grouping window of one (tenant, integration, error code); see grouping.py."""

    __tablename__ = "alert_group"
    __table_args__ = (
        sa.UniqueConstraint(
            "tenant_id",
            "integration_id",
            "code",
            name="uq_alert_group_tenant_id_integration_id_code",
        ),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID
    integration_id: uuid.UUID
    code: str = Field(max_length=200)
    closes_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    suppressed_count: int = 0
    samples: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=sa.Column(postgresql.JSONB, nullable=False)
    )
