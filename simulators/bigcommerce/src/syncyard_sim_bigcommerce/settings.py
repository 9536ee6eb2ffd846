"""Simulator settings, read from SIM_BIGCOMMERCE_* environment variables."""

from pydantic_settings import BaseSettings, SettingsConfigDict

from syncyard_sim_bigcommerce.plans import PlanName


class SimulatorSettings(BaseSettings):
    """Start-up configuration; the runtime knobs can be changed later through `/_sim/config`."""

    model_config = SettingsConfigDict(env_prefix="SIM_BIGCOMMERCE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8103
    store_hash: str = "abc123demo"
    store_id: str = "1025646"
    access_token: str = "demo-access-token"  # noqa: S105 - demo credential of a simulator
    client_id: str = "demo-client-id"
    # The app's client secret: the key of the Standard Webhooks signature.
    client_secret: str = "demo-client-secret"  # noqa: S105 - demo secret
    # Standard & Plus plans: 150 requests per 30 s window (Pro: 450); `plan` sets both.
    plan: PlanName | None = None
    rate_quota: int = 150
    rate_window_ms: int = 30_000
    # 1.0 = BigCommerce's schedule (60 s … 86400 s); 0.001 turns a day into under 90 s.
    webhook_retry_scale: float = 1.0
    # BigCommerce only delivers to https on port 443; tests deliver to plain local ports.
    allow_http_destinations: bool = True
    currency: str = "EUR"
