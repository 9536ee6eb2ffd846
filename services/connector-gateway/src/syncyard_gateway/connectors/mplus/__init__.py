"""MplusKASSA connector (SOAP)."""

from syncyard_gateway.connectors.mplus.connector import MplusConnector, MplusCredentials

__all__ = ["MplusConnector", "MplusCredentials"]
