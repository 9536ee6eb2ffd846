"""The ``notifier.channel`` table: where a tenant's alerts go."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel

SCHEMA = "notifier"


class ChannelKind(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Channel(SQLModel, table=True):
    """One e-mail address or webhook URL; deleted channels stay for the alert history."""

    __tablename__ = "channel"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    tenant_id: uuid.UUID = Field(index=True)
    kind: str = Field(max_length=20)
    address: str | None = Field(default=None, max_length=320)
    url: str | None = Field(default=None, max_length=2048)
    # AES-GCM sealed Standard Webhooks secret (see channels/encryption.py); never returned.
    signing_secret_sealed: bytes | None = Field(
        default=None, sa_column=sa.Column(postgresql.BYTEA, nullable=True)
    )
    is_active: bool = True
    disabled_reason: str | None = None
    # None: every alert; else only alerts of these [{"integration_id", "flow"?}] (routing.py).
    routes: list[dict[str, str | None]] | None = Field(
        default=None, sa_column=sa.Column(postgresql.JSONB, nullable=True)
    )
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )
    deleted_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
