"""Polling the change feeds of connections whose remote has no webhooks (R14)."""
