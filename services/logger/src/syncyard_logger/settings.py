"""Settings of the logger service (``SYNCYARD_*`` environment variables)."""

from pathlib import Path

from pydantic import Field

from syncyard_common.settings import BaseServiceSettings

QUEUE = "logger.audit"


def _default_migrations_dir() -> Path:
    """Beside the sources in a checkout; in an image, ``migrations/`` of the working folder."""
    beside_sources = Path(__file__).resolve().parents[2] / "migrations"
    return beside_sources if beside_sources.is_dir() else Path.cwd() / "migrations"


class LoggerSettings(BaseServiceSettings):
    """What the logger reads from its environment, on top of the common settings."""

    service_name: str = "logger"
    prefetch_count: int = Field(default=100, ge=1, le=1000)
    migrations_dir: Path = Field(
        default_factory=_default_migrations_dir,
        description="Folder of this service's Alembic migrations.",
    )
    write_batch_size: int = Field(
        default=100, ge=1, le=1000, description="Audit entries written per transaction at most."
    )
    write_batch_wait_ms: int = Field(
        default=5, ge=0, le=1000, description="How long a batch waits for more entries."
    )
    default_retention_days: int = Field(
        default=30, ge=1, le=3650, description="Retention of tenants that set none."
    )
    run_retention_job: bool = Field(
        default=True, description="Run the retention (delete + partition drop) job here."
    )
    retention_interval_seconds: float = Field(
        default=900, gt=0, description="Time between two runs of the retention job."
    )
    retention_delete_batch: int = Field(
        default=5000, ge=1, description="Rows deleted per statement by the retention job."
    )
    partitions_ahead_days: int = Field(
        default=2, ge=0, le=60, description="Daily partitions created ahead of today."
    )
    orchestrator_url: str | None = Field(
        default=None,
        description="The orchestrator's base URL: an integration log with no entry of the "
        "caller's tenant asks it whether the integration is the tenant's (404 if not); unset: "
        "such a log answers an empty page.",
    )
    peer_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Time limit of one call to the orchestrator."
    )
