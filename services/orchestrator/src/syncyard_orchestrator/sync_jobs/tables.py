"""The sync_job table: one initial sync of one flow, with its read position."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base
from syncyard_orchestrator.sync_jobs.admission import START_LIMIT


class SyncJob(Base):
    __tablename__ = "sync_job"
    __table_args__ = (
        Index("ix_sync_job_tenant_integration", "tenant_id", "integration_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration.id", ondelete="CASCADE"), nullable=False
    )
    flow: Mapped[str] = mapped_column(String(50), nullable=False)
    source_connection_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    # reading (pages still to read; none asked while the backlog is full) → read | failed
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    cursor: Mapped[str | None] = mapped_column(Text)
    pages_read: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    records_seen: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    pending_command_id: Mapped[uuid.UUID | None] = mapped_column()
    pending_command: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    # Admission (admission.py): runs allowed in flight, and the typical run's seconds.
    admission_limit: Mapped[float] = mapped_column(Float, nullable=False, default=START_LIMIT)
    typical_run_seconds: Mapped[float | None] = mapped_column(Float)
    # Commands of the job (its runs' and its pages') sent again after no answer came within
    # the stuck window: 0 when admission kept every wait inside it.
    commands_resent: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
