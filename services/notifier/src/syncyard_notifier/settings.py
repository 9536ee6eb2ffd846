"""Notifier settings, read from ``SYNCYARD_*`` environment variables."""

from pydantic import Field, SecretStr, model_validator

from syncyard_common.settings import BaseServiceSettings, Environment


class NotifierSettings(BaseServiceSettings):
    """What the notifier reads from its environment on top of the common settings."""

    service_name: str = "notifier"
    dashboard_url: str = Field(
        default="http://localhost:8080",
        description="Base URL of the dashboard; alerts link to {dashboard_url}/runs/{run_id}.",
    )
    notifier_secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "Base64 of 32 random bytes: the AES-256-GCM key that encrypts webhook signing "
            "secrets at rest. Unset only in development/test, where a key is derived from "
            "SYNCYARD_JWT_SECRET."
        ),
    )
    allow_private_targets: bool = Field(
        default=False,
        description="Allow http:// and private/loopback webhook targets (tests and local demo).",
    )
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "syncyard@localhost"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    alert_group_window_seconds: float = Field(
        default=300.0, gt=0, description="Window in which repeated failures become one summary."
    )
    delivery_poll_seconds: float = Field(default=1.0, gt=0)
    delivery_batch_size: int = Field(default=20, ge=1, le=500)
    delivery_max_attempts: int = Field(default=8, ge=1, le=50)
    delivery_backoff_seconds: float = Field(
        default=2.0, gt=0, description="First retry delay; doubles per attempt, with jitter."
    )
    delivery_backoff_max_seconds: float = Field(default=300.0, gt=0)
    group_flush_poll_seconds: float = Field(default=1.0, gt=0)
    orchestrator_url: str | None = Field(
        default=None,
        description="The orchestrator's base URL: a mute's integration must be the caller's "
        "(asked there, 404 if not); unset: any id is muted within the caller's tenant.",
    )
    peer_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Time limit of one call to the orchestrator."
    )

    @model_validator(mode="after")
    def _refuse_derived_key_in_production(self) -> "NotifierSettings":
        if self.environment is Environment.PRODUCTION:
            if self.notifier_secret_key is None:
                raise ValueError("SYNCYARD_NOTIFIER_SECRET_KEY must be set in production")
            if self.allow_private_targets:
                raise ValueError("SYNCYARD_ALLOW_PRIVATE_TARGETS must be false in production")
        return self
