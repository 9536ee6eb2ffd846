"""Tables of reconciliations: one report per integration, flow and period, and its items."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base


class Reconciliation(Base):
    """Source and target compared for one flow and period: ``queued`` → ``reading`` → ``done``
    (or ``failed`` with the reason). A replica holds a report it reads by its lease."""

    __tablename__ = "reconciliation"
    __table_args__ = (
        Index("ix_reconciliation_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_reconciliation_state_lease_expires_at", "state", "lease_expires_at"),
        # The daily loop runs on every replica: one daily report per flow and day, whoever wins.
        Index(
            "uq_reconciliation_daily",
            "integration_id",
            "flow",
            "period_from",
            unique=True,
            postgresql_where=text("origin = 'daily'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration.id", ondelete="CASCADE"), nullable=False
    )
    flow: Mapped[str] = mapped_column(String(50), nullable=False)
    period_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    period_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str] = mapped_column(String(20), nullable=False)  # on_demand | daily
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    source_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    target_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    matched: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    missing: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extra: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    mismatched: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reads: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # pages read
    error: Mapped[str | None] = mapped_column(Text)
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReconciliationItem(Base):
    """One difference: ``missing`` (in the source, not in the target), ``extra`` (in the
    target, not in the source) or ``mismatched`` (``field`` differs: both values)."""

    __tablename__ = "reconciliation_item"

    reconciliation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reconciliation.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    reference: Mapped[str] = mapped_column(Text, nullable=False)
    source_id: Mapped[str | None] = mapped_column(Text)
    source_connection_id: Mapped[uuid.UUID | None] = mapped_column()  # where a re-run reads
    target_id: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(Text)
    source_value: Mapped[str | None] = mapped_column(Text)
    target_value: Mapped[str | None] = mapped_column(Text)
    # The source record of a missing item (products, stock): what a re-run starts from.
    record: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    rerun_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
