"""The ``notifier.integration_mute`` table: until when an integration's alerts stay quiet."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from syncyard_notifier.channels.tables import SCHEMA, utc_now


class IntegrationMute(SQLModel, table=True):
    """One row per muted integration; an expired row mutes nothing (and is replaced)."""

    __tablename__ = "integration_mute"
    __table_args__ = {"schema": SCHEMA}

    tenant_id: uuid.UUID = Field(primary_key=True)
    integration_id: uuid.UUID = Field(primary_key=True)
    until: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    muted_by: str = Field(max_length=200)
    muted_at: datetime = Field(
        default_factory=utc_now, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )
