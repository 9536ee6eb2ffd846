"""Per-tenant API keys for machine clients: created, listed and revoked here; the table's shape
and the check every service makes live in ``syncyard_common.auth.api_keys`` (why: there)."""
