"""Settings of the connector gateway (``SYNCYARD_*`` environment variables)."""

from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from syncyard_common import sealing
from syncyard_common.settings import BaseServiceSettings, Environment


def _default_migrations_dir() -> Path:
    """Beside the sources in a checkout; in an image, ``migrations/`` of the working folder."""
    beside_sources = Path(__file__).resolve().parents[2] / "migrations"
    return beside_sources if beside_sources.is_dir() else Path.cwd() / "migrations"


class GatewaySettings(BaseServiceSettings):
    """What the connector gateway reads from its environment."""

    service_name: str = "connector-gateway"
    migrations_dir: Path = Field(
        default_factory=_default_migrations_dir,
        description="Folder of this service's Alembic migrations.",
    )
    credential_keys: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "Ordered comma list 'key_id:base64key' of 32-byte AES keys that encrypt connection "
            "credentials; the first is active, the others only decrypt (rotation)."
        ),
    )
    public_base_url: str = Field(
        default="",
        description="The public origin (and path prefix) the gateway's routes are reached at "
        "through the front door, e.g. https://syncyard.example/api/gateway; webhook URLs are "
        "given absolute under it. Empty: relative paths (/v1/webhooks/{id}).",
    )
    allow_private_targets: bool = Field(
        default=False,
        description=(
            "Allow http and private/loopback addresses in user-supplied base URLs "
            "(tests and the local demo only)."
        ),
    )
    webhook_max_body_bytes: int = Field(
        default=10_485_760,
        ge=1024,
        description="Largest webhook body taken in (streamed, never buffered beyond it); a "
        "larger order webhook is refused with 413 but its order is still read from the shop "
        "by the id at the start of the body.",
    )
    intake_pool_size: int = Field(
        default=20,
        ge=1,
        le=500,
        description="PostgreSQL connections a replica's webhook pool holds at most (the "
        "intake's one statement per webhook, beside database_pool_size's): opened as webhooks "
        "arrive, so a replica that none reach opens none; beyond it a webhook waits for the "
        "next free connection. Count it against max_connections too "
        "(docs/operations/scaling.md).",
    )
    bulk_prefetch_count: int = Field(
        default=4,
        ge=1,
        le=100,
        description="Commands of initial syncs taken at once (queue gateway.bulk); small so "
        "live orders to the same shop never wait behind a bulk backlog.",
    )
    replicas: int = Field(
        default=1,
        ge=1,
        description=(
            "How many gateway worker replicas run (intake replicas call no remote system and "
            "do not count); a vendor's concurrency cap (e.g. 10 per key) is split evenly "
            "between them. Request rates are shared through the database."
        ),
    )
    poll_interval_seconds: float = Field(
        default=60.0,
        gt=0,
        description=(
            "How often a connection without webhooks is polled for changes (a connection may "
            "override it through PUT /v1/connections/{id}/polling)."
        ),
    )
    poll_only_read_entities: bool = Field(
        default=True,
        description=(
            "Poll only the entities some active flow reads from the connection (the "
            "orchestrator says which); false polls every feed the connector has."
        ),
    )
    poll_page_size: int = Field(
        default=100, ge=1, le=250, description="Records asked for per change-feed page."
    )
    poll_lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description=(
            "How long a replica holds a connection's poll lease without renewing it; after a "
            "crash another replica takes over once it expires."
        ),
    )
    poll_max_backoff_seconds: float = Field(
        default=900.0,
        gt=0,
        description="Longest wait between polls of a connection whose polls keep failing.",
    )
    health_check_interval_seconds: float = Field(
        default=300.0,
        gt=0,
        description=(
            "How often each connection is tested with one real call (once across replicas)."
        ),
    )
    health_check_failures_to_alert: int = Field(
        default=3,
        ge=1,
        description=(
            "Consecutive checks that cannot reach the remote before the connection counts as "
            "failing (rejected credentials count at once)."
        ),
    )
    outage_after_seconds: float = Field(
        default=45.0,
        gt=0,
        description=(
            "How long a connection's remote calls must fail (5xx, timeouts, unreachable) before "
            "connection.outage.started.v1 is published (one alert per outage); under 60 s so "
            "that a minute of failures is always announced, a probe interval included."
        ),
    )
    outage_probe_seconds: float = Field(
        default=5.0,
        gt=0,
        le=15,
        description=(
            "While a connection's calls fail, one command per this many seconds tests the "
            "remote; the others wait this long (no attempt used), so work resumes within "
            "seconds of recovery."
        ),
    )

    orchestrator_url: str | None = Field(
        default=None,
        description="The orchestrator's base URL: a connection is deleted only when no "
        "integration uses it (asked there); unset: deletes are not checked.",
    )

    @model_validator(mode="after")
    def _refuse_missing_keys_outside_development(self) -> "GatewaySettings":
        # In development a missing key only makes the service not ready (see main.py).
        if self.environment is not Environment.DEVELOPMENT:
            self.keyring()
        return self

    def keyring(self) -> sealing.KeyRing:
        """The parsed credential keys; raises ``sealing.InvalidKeys`` when missing or invalid."""
        return sealing.KeyRing.parse(
            self.credential_keys.get_secret_value(), setting="SYNCYARD_CREDENTIAL_KEYS"
        )
