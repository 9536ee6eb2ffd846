"""In-memory simulator of the BigCommerce REST API (v3 catalogue, customers, hooks; v2 orders)."""
