"""The connectors this gateway knows, by name."""

from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.errors import UnknownConnector
from syncyard_gateway.connectors.mplus import MplusConnector
from syncyard_gateway.connectors.shopify import ShopifyConnector

CONNECTORS: dict[str, type[Connector]] = {
    MplusConnector.name: MplusConnector,
    ShopifyConnector.name: ShopifyConnector,
}


def get(name: str) -> type[Connector]:
    """The connector class registered as ``name``; raises UnknownConnector (a KeyError)."""
    try:
        return CONNECTORS[name]
    except KeyError:
        raise UnknownConnector(f"There is no connector called {name!r}.") from None
