"""In-memory simulator of the Shopify Admin REST API with signed webhook delivery."""
