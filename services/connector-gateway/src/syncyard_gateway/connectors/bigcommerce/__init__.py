"""BigCommerce connector (v3 catalogue, customers, inventory; v2 orders; Standard Webhooks)."""

from syncyard_gateway.connectors.bigcommerce.connector import (
    BigCommerceConnector,
    BigCommerceCredentials,
)

__all__ = ["BigCommerceConnector", "BigCommerceCredentials"]
