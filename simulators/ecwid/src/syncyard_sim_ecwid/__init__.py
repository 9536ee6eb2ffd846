"""In-memory simulator of the Ecwid REST API v3 (products, categories, customers, orders)."""
