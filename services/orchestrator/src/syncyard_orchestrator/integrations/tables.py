"""Tables of integrations and their flows."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base


class Integration(Base):
    """Two connections of one tenant joined; flows hang off it."""

    __tablename__ = "integration"
    __table_args__ = (
        Index("ix_integration_tenant_id_created_at", "tenant_id", "created_at"),
        Index("ix_integration_source_connection_id", "source_connection_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    source_connection_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    target_connection_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    source_connector: Mapped[str] = mapped_column(String(50), nullable=False)
    target_connector: Mapped[str] = mapped_column(String(50), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class IntegrationFlow(Base):
    """One flow (orders, products, …) of an integration: direction, settings, on or off."""

    __tablename__ = "integration_flow"

    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(50), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    direction: Mapped[str] = mapped_column(String(30), nullable=False)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
