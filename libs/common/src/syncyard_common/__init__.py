"""Shared code of the Syncyard services (no service imports this package's callers)."""
