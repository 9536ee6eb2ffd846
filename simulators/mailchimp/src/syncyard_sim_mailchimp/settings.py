"""Simulator settings, read from SIM_MAILCHIMP_* environment variables."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class SimulatorSettings(BaseSettings):
    """Start-up configuration; faults and limits can be changed later through `/_sim/...`."""

    model_config = SettingsConfigDict(env_prefix="SIM_MAILCHIMP_", extra="ignore")

    # Mailchimp keys end in "-<dc>"; the data centre picks the host (us21.api.mailchimp.com).
    api_key: str = "0123456789abcdef0123456789abcdef-us21"  # demo credential of a simulator
    # The audience (list) that exists from the start; more via POST /_sim/lists.
    list_id: str = "a1b2c3d4e5"
    list_name: str = "Syncyard demo audience"
    host: str = "127.0.0.1"
    port: int = 8106
    # Mailchimp allows 10 simultaneous connections per API key; the 11th gets 429.
    max_concurrent: int = 10
    # 1.0 = Mailchimp's retry series over 75 minutes; 0.001 turns it into about 4.5 seconds.
    webhook_retry_scale: float = 1.0
    webhook_timeout_s: float = 10.0
    # A demo store, catalogue and members for people poking at a standalone simulator.
    demo_data: bool = True

    @property
    def dc(self) -> str:
        """The data centre suffix of the key, e.g. "us21"."""
        return self.api_key.rsplit("-", 1)[-1]
