"""Sample records fetched from a tenant's source connection (through the gateway's API)."""
