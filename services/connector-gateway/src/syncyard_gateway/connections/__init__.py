"""Connections: a tenant's credentials for one remote system, encrypted at rest."""
