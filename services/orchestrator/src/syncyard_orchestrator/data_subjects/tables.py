"""The data_subject_erasure table: one row per erasure asked for, the receipt's source."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base


class Erasure(Base):
    __tablename__ = "data_subject_erasure"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False, index=True)
    # HMAC-SHA256 of the e-mails and references under a secret salt: the same person asked
    # again gives the same value, yet the value names nobody.
    subject_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    requested_by: Mapped[str] = mapped_column(String(200), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # {service: {"erased": {schema.table: rows}, "at": iso time}} as each service reports.
    reports: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default=text("'{}'::jsonb")
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TenantRetention(Base):
    """A tenant's retention as set in the logger (``tenant.retention.set.v1``)."""

    __tablename__ = "tenant_retention"

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    retention_days: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
