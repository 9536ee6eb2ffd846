"""The connectors this gateway knows, by name (the `connector` of a connection)."""

from syncyard_gateway.connectors.base import Connector
from syncyard_gateway.connectors.bigcommerce import BigCommerceConnector
from syncyard_gateway.connectors.ecwid import EcwidConnector
from syncyard_gateway.connectors.errors import UnknownConnector
from syncyard_gateway.connectors.mailchimp import MailchimpConnector
from syncyard_gateway.connectors.mijnwebwinkel import MijnWebwinkelConnector
from syncyard_gateway.connectors.mplus import MplusConnector
from syncyard_gateway.connectors.shopify import ShopifyConnector

CONNECTORS: dict[str, type[Connector]] = {
    BigCommerceConnector.name: BigCommerceConnector,
    EcwidConnector.name: EcwidConnector,
    MailchimpConnector.name: MailchimpConnector,
    MijnWebwinkelConnector.name: MijnWebwinkelConnector,
    MplusConnector.name: MplusConnector,
    ShopifyConnector.name: ShopifyConnector,
}


def get(name: str) -> type[Connector]:
    """The connector class named ``name``; raises UnknownConnector (a KeyError)."""
    try:
        return CONNECTORS[name]
    except KeyError:
        raise UnknownConnector(f"There is no connector called {name!r}.") from None
