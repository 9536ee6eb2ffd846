"""The run table: one row per run, the flow's whole state in ``state_json``."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from syncyard_orchestrator.schema import Base

TERMINAL_STATES = ("done", "skipped", "failed")
QUEUED = "queued"  # a run row of a read record not admitted yet: no command, no lease
# SQL predicate "the run is still going"; shared by the partial indexes and the migration.
ACTIVE_PREDICATE = "state NOT IN ('done', 'skipped', 'failed')"


class Run(Base):
    __tablename__ = "run"
    __table_args__ = (
        # The same source entity never has two active runs per integration and flow.
        Index(
            "uq_run_active_source_entity",
            "tenant_id",
            "integration_id",
            "flow",
            "source_entity_id",
            unique=True,
            postgresql_where=text(ACTIVE_PREDICATE),
        ),
        Index("ix_run_tenant_id_created_at", "tenant_id", "created_at", "id"),
        Index("ix_run_integration_id_created_at", "integration_id", "created_at"),
        Index(
            "ix_run_job_id_state", "job_id", "state", postgresql_where=text("job_id IS NOT NULL")
        ),
        Index(
            "ix_run_lease_expires_at", "lease_expires_at", postgresql_where=text(ACTIVE_PREDICATE)
        ),
        # The runs list's filters and the dashboard's counts (GET /v1/runs, /v1/runs/counts).
        Index("ix_run_tenant_id_flow_created_at", "tenant_id", "flow", "created_at"),
        Index("ix_run_tenant_id_state_created_at", "tenant_id", "state", "created_at"),
        Index(
            "ix_run_tenant_id_failure_code_created_at",
            "tenant_id",
            "failure_code",
            "created_at",
            postgresql_where=text("failure_code IS NOT NULL"),
        ),
        Index("ix_run_tenant_id_entity_ref", "tenant_id", "entity_ref"),
        Index("ix_run_tenant_id_source_entity_id", "tenant_id", "source_entity_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    integration_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    flow: Mapped[str] = mapped_column(String(50), nullable=False)
    source_connection_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    source_entity_id: Mapped[str] = mapped_column(String(200), nullable=False)
    entity_ref: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(50), nullable=False)
    state_json: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    settings_json: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    pending_command_id: Mapped[uuid.UUID | None] = mapped_column()
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    job_id: Mapped[uuid.UUID | None] = mapped_column()
    # Copied from state_json on every save, so runs can be filtered by it.
    failure_code: Mapped[str | None] = mapped_column(String(100))
    # What the runner did, step by step (runs/history.py); the payloads are in the activity log.
    step_history: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, nullable=False, default=list, server_default=text("'[]'::jsonb")
    )
