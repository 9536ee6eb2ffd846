"""The entity_link table: source record ↔ target record, per integration."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base


class Link(Base):
    __tablename__ = "entity_link"
    __table_args__ = (
        Index("ix_entity_link_target", "tenant_id", "target_connection_id", "entity", "target_id"),
    )

    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration.id", ondelete="CASCADE"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    source_connection_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    target_connection_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    target_id: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
