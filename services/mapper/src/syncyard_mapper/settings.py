"""Settings of the mapper service (``SYNCYARD_*`` environment variables)."""

from pathlib import Path

from pydantic import Field

from syncyard_common.settings import BaseServiceSettings

QUEUE = "mapper.commands"


def _default_migrations_dir() -> Path:
    """Beside the sources in a checkout; in an image, ``migrations/`` of the working folder."""
    beside_sources = Path(__file__).resolve().parents[2] / "migrations"
    return beside_sources if beside_sources.is_dir() else Path.cwd() / "migrations"


class MapperSettings(BaseServiceSettings):
    """What the mapper reads from its environment, on top of the common settings."""

    service_name: str = "mapper"
    migrations_dir: Path = Field(
        default_factory=_default_migrations_dir,
        description="Folder of this service's Alembic migrations.",
    )
    expression_timeout_ms: int = Field(
        default=250, ge=10, le=10_000, description="Time limit of one field's expression."
    )
    mapping_timeout_ms: int = Field(
        default=2000, ge=10, le=60_000, description="Time limit of a whole record's mapping."
    )
    max_output_bytes: int = Field(
        default=262_144, ge=1024, description="Largest mapped record, as JSON."
    )
    batch_timeout_ms: int = Field(
        default=10_000,
        ge=100,
        le=120_000,
        description="Hard time limit of a preview, a save's checks or a run of mapping tests.",
    )
    max_range_items: int = Field(
        default=100_000, ge=10, description="Largest range an expression may build ([1..n])."
    )
    sandbox_workers: int = Field(
        default=2, ge=1, le=64, description="Worker processes evaluating mappings per replica."
    )
    sandbox_memory_mb: int = Field(
        default=768, ge=256, description="Address-space limit (RLIMIT_AS) of each worker."
    )
    compiled_cache_size: int = Field(
        default=512, ge=1, description="Compiled mappings kept in memory per replica."
    )
    gateway_url: str | None = Field(
        default=None,
        description="Base URL of the connector gateway, for previews on a connection's samples.",
    )
    gateway_timeout_s: float = Field(
        default=10.0, gt=0, le=60, description="Time limit of one sample fetch from the gateway."
    )
