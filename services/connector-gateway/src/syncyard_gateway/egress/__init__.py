"""Outgoing calls to remote systems: the SSRF guard and one shared HTTP client per host."""
