"""The ``notifier.integration_mute`` table: until when an integration's alerts stay quiet."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_notifier.schema import Base, utc_now


class IntegrationMute(Base):
    """One row per muted integration; an expired row mutes nothing (and is replaced)."""

    __tablename__ = "integration_mute"

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    integration_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    muted_by: Mapped[str] = mapped_column(String(200), nullable=False)
    muted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utc_now
    )
