"""Settings every service needs, read from ``SYNCYARD_*`` environment variables."""

from enum import StrEnum

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from syncyard_common.auth.principal import Role

_PLACEHOLDER_SECRETS = {"", "changethis", "dev-secret-change-me-not-for-production"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class BaseServiceSettings(BaseSettings):
    """What every Syncyard service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="SYNCYARD_", extra="ignore")

    service_name: str = Field(default="syncyard", description="Name in logs, traces, metrics.")
    environment: Environment = Field(
        default=Environment.DEVELOPMENT,
        description="development, test or production (production refuses placeholder secrets).",
    )
    database_url: str = Field(
        default="postgresql+asyncpg://syncyard:syncyard@127.0.0.1:5432/syncyard",
        description="SQLAlchemy URL of the PostgreSQL database (asyncpg driver), as the role "
        "the service runs as: one that owns no table (R23).",
    )
    migration_database_url: str = Field(
        default="",
        description="URL the migrations run with, as the role that owns the service's schema; "
        "they grant database_url's role DML on it. Empty: database_url (one role for both).",
    )
    amqp_url: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672/",
        description="URL of the RabbitMQ broker.",
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    jwt_secret: SecretStr = Field(
        default=SecretStr("dev-secret-change-me-not-for-production"),
        description="HMAC key that signs and verifies the API bearer tokens.",
    )
    token_max_lifetime_seconds: int = Field(
        default=86400,
        ge=60,
        description="Longest a bearer token may live (exp - iat); longer ones, and tokens "
        "without iat or exp, are refused.",
    )
    oidc_issuer: str = Field(
        default="",
        description="OIDC issuer whose RS256/ES256 access tokens are accepted (its iss); "
        "empty: only development tokens and API keys.",
    )
    oidc_audience: str = Field(
        default="", description="The aud an OIDC access token must carry (default: the issuer)."
    )
    oidc_jwks_url: str = Field(
        default="",
        description="The issuer's JWKS; empty: read jwks_uri from its "
        "/.well-known/openid-configuration.",
    )
    oidc_tenant_claim: str = Field(
        default="tenant_id",
        description="Claim holding the tenant's UUID (a dotted path reaches into objects).",
    )
    oidc_role_claim: str = Field(
        default="role",
        description="Claim holding the role, a string or a list (dotted path: realm_access.roles).",
    )
    oidc_role_map: dict[str, Role] = Field(
        default_factory=dict,
        description='JSON {"idp value": "admin|operator|viewer"}; empty: the claim holds '
        "Syncyard's role names. Of several values the strongest role wins.",
    )
    oidc_jwks_refresh_seconds: float = Field(
        default=30,
        ge=0,
        description="An unknown kid re-reads the JWKS at most this often (key rotation).",
    )
    run_consumers: bool = Field(
        default=True, description="Run broker consumers and the outbox relay in this replica."
    )
    prefetch_count: int = Field(
        default=50, ge=1, le=1000, description="Messages a consumer handles at once."
    )
    tenant_look_ahead: int = Field(
        default=200,
        ge=0,
        le=2000,
        description="Messages a consumer holds beyond those it handles, so a free handler goes "
        "to the tenant whose turn it is, not to the oldest message (0: oldest first).",
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        le=500,
        description="PostgreSQL connections a replica holds at most: opened when needed, then "
        "kept (none is opened and closed again under a burst). Count every replica's against "
        "the server's max_connections (docs/operations/scaling.md).",
    )
    run_migrations: bool = Field(
        default=True, description="Apply this service's Alembic migrations at start-up."
    )
    retry_time_scale: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="Compresses the retry schedule's clock for fault drills (0.01: the "
        "~50-minute schedule in ~31 s); 1 in production.",
    )
    outbox_retention_seconds: float = Field(
        default=3600,
        ge=0,
        description="Published outbox rows (whole messages, personal data included) are "
        "deleted this long after publishing; pending ones never.",
    )
    inbox_retention_seconds: float = Field(
        default=86400,
        # The redelivery horizon (the 51-minute retry schedule, 56 with jitter) and an hour:
        # a copy arriving after its id is purged would be handled twice (broker/retention.py).
        ge=7200,
        description="Handled message ids (consumer dedupe) are forgotten this long after "
        "handling; at least 2 hours.",
    )
    messaging_purge_interval_seconds: float = Field(
        default=300, gt=0, description="How often the outbox and inbox purge runs."
    )
    cors_allow_origins: str = Field(
        default="",
        description="Comma list of browser origins (scheme://host[:port]) allowed to call "
        "this service's API from another origin (CORS); empty: none. The console behind the "
        "front door is on the same origin and needs none.",
    )

    @property
    def migrations_url(self) -> str:
        """Where and as whom the migrations run."""
        return self.migration_database_url or self.database_url

    @model_validator(mode="after")
    def _refuse_placeholder_secrets_in_production(self) -> "BaseServiceSettings":
        secret = self.jwt_secret.get_secret_value()
        if self.environment is Environment.PRODUCTION and secret in _PLACEHOLDER_SECRETS:
            raise ValueError("SYNCYARD_JWT_SECRET must be set to a real secret in production")
        return self
