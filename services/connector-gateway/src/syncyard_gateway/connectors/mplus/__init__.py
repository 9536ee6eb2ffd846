"""MplusKASSA connector (SOAP)."""

from syncyard_gateway.connectors.mplus.connector import MplusConnector
from syncyard_gateway.connectors.mplus.credentials import MplusCredentials

__all__ = ["MplusConnector", "MplusCredentials"]
