"""Simulator settings, read from SIM_SHOPIFY_* environment variables."""

from pydantic_settings import BaseSettings, SettingsConfigDict

from syncyard_sim_shopify.plans import PlanName


class SimulatorSettings(BaseSettings):
    """Start-up configuration; most values can be changed later through `/_sim/config`."""

    model_config = SettingsConfigDict(env_prefix="SIM_SHOPIFY_", extra="ignore")

    shop_domain: str = "demo-shop.myshopify.com"
    access_token: str = "shpat_demo_token"  # noqa: S105 - demo credential of a simulator
    # The app client secret: Shopify signs webhook bodies with it.
    webhook_secret: str = "demo-webhook-secret"  # noqa: S105 - demo secret
    api_version: str = "2025-01"
    # standard, advanced or plus sets the four rate-limit figures below at once.
    plan: PlanName | None = None
    bucket_size: int = 40
    leak_rate: float = 2.0
    # GraphQL cost bucket (Standard plan): 2000 points, restoring 100 per second.
    graphql_bucket_size: int = 2000
    graphql_restore_rate: float = 100.0
    # 1.0 = real Shopify schedule (8 retries over ~4 h); 0.001 turns hours into seconds.
    webhook_retry_scale: float = 1.0
    # Shop time zone, used for the offset in every timestamp the simulator emits.
    utc_offset_minutes: int = 60
    currency: str = "EUR"
