"""Tenant mappings evaluated in worker processes that can be stopped (issue 12, point 10)."""
