"""Shopify connector (REST Admin API + webhooks)."""

from syncyard_gateway.connectors.shopify.connector import ShopifyConnector, ShopifyCredentials

__all__ = ["ShopifyConnector", "ShopifyCredentials"]
