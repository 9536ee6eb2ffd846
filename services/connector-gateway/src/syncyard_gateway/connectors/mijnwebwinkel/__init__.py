"""MijnWebwinkel connector (MyOnlineStore Connect API v1, polled)."""

from syncyard_gateway.connectors.mijnwebwinkel.connector import (
    MijnWebwinkelConnector,
    MijnWebwinkelCredentials,
)

__all__ = ["MijnWebwinkelConnector", "MijnWebwinkelCredentials"]
