"""Simulator settings, read from SIM_MIJNWEBWINKEL_* environment variables."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class SimulatorSettings(BaseSettings):
    """Start-up configuration; the rate limit and faults can be changed later via `/_sim/`."""

    model_config = SettingsConfigDict(env_prefix="SIM_MIJNWEBWINKEL_", extra="ignore")

    # The store token the merchant makes under Settings → API, and the partner application's.
    token: str = "demo-store-token"  # noqa: S105 - demo credential of a simulator
    partner_token: str = "demo-partner-token"  # noqa: S105 - demo credential of a simulator
    host: str = "127.0.0.1"
    port: int = 8105
    # The vendor publishes no numbers; these are a guess the connector stays well under.
    rate_per_second: float = 5.0
    rate_burst: int = 20
    # How long a request injected with `timeout_next` hangs before it is answered with 504.
    hang_seconds: float = 60.0
    # The store's local time zone: filters and the split date/time fields use it.
    time_zone: str = "Europe/Amsterdam"
    store_name: str = "Demo Webwinkel"
    prices_include_tax: bool = True
