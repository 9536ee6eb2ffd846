"""Ecwid connector (REST API v3 + signed webhooks)."""

from syncyard_gateway.connectors.ecwid.connector import EcwidConnector, EcwidCredentials

__all__ = ["EcwidConnector", "EcwidCredentials"]
