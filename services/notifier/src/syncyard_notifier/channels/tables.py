"""The ``notifier.channel`` table: where a tenant's alerts go."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.dialects.postgresql import BYTEA, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_notifier.schema import Base, utc_now


class ChannelKind(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class Channel(Base):
    """One e-mail address or webhook URL; deleted channels stay for the alert history."""

    __tablename__ = "channel"
    __table_args__ = (Index("ix_channel_tenant_id", "tenant_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    address: Mapped[str | None] = mapped_column(String(320))
    url: Mapped[str | None] = mapped_column(String(2048))
    # AES-GCM sealed Standard Webhooks secret (see channels/secret_storage.py); never returned.
    signing_secret_sealed: Mapped[bytes | None] = mapped_column(BYTEA)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    # None: every alert; else only alerts of these [{"integration_id", "flow"?}] (routing.py).
    routes: Mapped[list[dict[str, str | None]] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utc_now
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
