"""Orchestrator settings, read from ``SYNCYARD_*`` environment variables."""

import uuid
from pathlib import Path

from pydantic import Field, SecretStr

from syncyard_common.settings import BaseServiceSettings


class OrchestratorSettings(BaseServiceSettings):
    service_name: str = "orchestrator"
    migrations_dir: Path | None = Field(
        default=None,
        description="Alembic migrations folder; default: the service's migrations/ folder.",
    )
    run_stuck_after_seconds: float = Field(
        default=600.0,
        gt=0,
        description="A run waiting this long for a command's answer gets the command re-issued.",
    )
    run_max_reissues: int = Field(
        default=3, ge=0, description="Re-issues of one stuck command before the run fails."
    )
    initial_sync_page_size: int = Field(
        default=100, ge=1, le=250, description="Records read per page by an initial sync."
    )
    sweep_interval_seconds: float = Field(
        default=30.0, gt=0, description="How often the lease sweeper looks for stuck runs."
    )
    reconciliation_daily: bool = Field(
        default=True,
        description="Reconcile yesterday (UTC) of every active orders, products and stock flow "
        "once a day.",
    )
    reconciliation_page_size: int = Field(
        default=250, ge=1, le=250, description="Records read per page by a reconciliation."
    )
    reconciliation_lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long a replica holds a reconciliation it reads without renewing it; "
        "after a crash another replica starts it again once it expires.",
    )
    gateway_url: str | None = Field(
        default=None,
        description="The connector gateway's base URL (dry runs read samples and look-ups "
        "there); unset: a dry run answers 502.",
    )
    mapper_url: str | None = Field(
        default=None,
        description="The mapper's base URL (dry runs preview the mapping there); unset: a dry "
        "run answers 502.",
    )
    logger_url: str | None = Field(
        default=None,
        description="The logger's base URL (a run's mapping diff reads what the run sent from "
        "its activity log); unset: the mapping diff answers 502.",
    )
    platform_tenant_id: uuid.UUID | None = Field(
        default=None,
        description="The operators' own tenant: its admins see, replay and discard every "
        "tenant's dead letters; unset: every caller sees only its own tenant's.",
    )
    peer_timeout_seconds: float = Field(
        default=15.0,
        gt=0,
        le=120,
        description="Time limit of one call of a dry run or a mapping diff to the gateway, "
        "the mapper or the logger.",
    )
    erasure_salt: SecretStr = Field(
        default=SecretStr("dev-erasure-salt-change-me"),
        description="Secret salt of the hash an erasure keeps of whom it erased (the receipt "
        "and the activity log never hold the person's e-mail or reference).",
    )
    default_retention_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Retention of run payload snapshots for tenants that set none in the logger "
        "(keep it equal to the logger's).",
    )
    snapshot_expiry_interval_seconds: float = Field(
        default=3600, gt=0, description="How often expired run payload snapshots are cleared."
    )
