"""Simulator settings, read from SIM_ECWID_* environment variables."""

from pydantic_settings import BaseSettings, SettingsConfigDict

# Every access scope the simulated API checks (external-apis.md 4.1).
ALL_SCOPES = (
    "read_store_profile",
    "read_catalog",
    "update_catalog",
    "create_catalog",
    "read_orders",
    "update_orders",
    "create_orders",
    "read_customers",
    "update_customers",
    "create_customers",
)
# Event types an app may register for (external-apis.md 4.6).
ALL_EVENTS = (
    "order.created",
    "order.updated",
    "order.deleted",
    "product.created",
    "product.updated",
    "product.deleted",
    "category.created",
    "category.updated",
    "category.deleted",
    "customer.created",
    "customer.updated",
    "customer.deleted",
)


class SimulatorSettings(BaseSettings):
    """Start-up configuration; the knobs can be changed later through `/_sim/config`."""

    model_config = SettingsConfigDict(env_prefix="SIM_ECWID_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8104
    store_id: int = 1003
    # The app's private token and its client secret (the key of webhook signatures).
    access_token: str = "secret_demo_token"  # noqa: S105 - demo credential of a simulator
    client_secret: str = "demo-client-secret"  # noqa: S105 - demo secret
    scopes: tuple[str, ...] = ALL_SCOPES
    paid_plan: bool = True
    # Ecwid: 800 requests per minute per store plus a burst of 100.
    requests_per_minute: int = 800
    burst: int = 100
    # The app's single webhook URL (set at app registration); None: no deliveries.
    webhook_url: str | None = None
    webhook_events: tuple[str, ...] = ALL_EVENTS
    # 1.0 = Ecwid's schedule (15 min x4, then hourly up to 24 h); 0.0001 turns hours into ms.
    webhook_retry_scale: float = 1.0
    webhook_max_age_hours: float = 24.0
    currency: str = "EUR"
    seed: bool = True
