"""The dead_letter table: every message parked in a ``<queue>.dlq``, moved here to stay."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base

PARKED = "parked"
REPLAYING = "replaying"  # asked for; the replay relay has not published it yet
REPLAYED = "replayed"
DISCARDED = "discarded"
STATES = (PARKED, REPLAYING, REPLAYED, DISCARDED)


class DeadLetter(Base):
    __tablename__ = "dead_letter"
    __table_args__ = (
        Index("ix_dead_letter_tenant_id_parked_at", "tenant_id", "parked_at", "id"),
        Index("ix_dead_letter_parked_at", "parked_at", "id"),
        Index("ix_dead_letter_replaying", "id", postgresql_where=text("state = 'replaying'")),
    )

    # The parking's own id (a message parked again after a replay is a new dead letter).
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # None only for a message no tenant could be read from (the platform's admins see it).
    tenant_id: Mapped[uuid.UUID | None] = mapped_column()
    queue: Mapped[str] = mapped_column(String(100), nullable=False)  # the work queue
    message_id: Mapped[str | None] = mapped_column(String(200))
    message_type: Mapped[str | None] = mapped_column(String(200))
    integration_id: Mapped[uuid.UUID | None] = mapped_column()
    run_id: Mapped[uuid.UUID | None] = mapped_column()
    subject: Mapped[str | None] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(100), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    first_reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    first_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    parked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # The message as it was parked, to publish it again unchanged (attempts reset).
    body: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    headers: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    properties: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replayed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
