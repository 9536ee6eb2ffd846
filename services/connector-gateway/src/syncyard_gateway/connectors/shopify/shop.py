"""What one connector instance learns about the shop once: currency, locations, SKUs."""

from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorNotFound
from syncyard_gateway.connectors.shopify import rest, sku_lookup
from syncyard_gateway.connectors.shopify.client import ShopifyClient
from syncyard_gateway.connectors.shopify.payloads import ShopifyShop, ShopifyVariant


class Shop:
    """The client plus the shop's settings and locations, read at most once per instance."""

    def __init__(self, client: ShopifyClient) -> None:
        self.client = client
        self._settings: ShopifyShop | None = None
        self._locations: list[int] | None = None

    async def settings(self) -> ShopifyShop:
        if self._settings is None:
            self._settings = await rest.get_shop(self.client)
        return self._settings

    async def currency(self) -> str:
        return (await self.settings()).currency.upper()

    async def prices_include_tax(self) -> bool:
        return bool((await self.settings()).taxes_included)

    async def active_location_ids(self) -> list[int]:
        if self._locations is None:
            locations = await rest.list_locations(self.client)
            self._locations = [location.id for location in locations if location.active]
        return self._locations

    async def location_id(self, wanted: str | None) -> int:
        """``wanted`` when it is one of the shop's active locations; None = the first one."""
        active = await self.active_location_ids()
        if wanted is None:
            if not active:
                raise ConnectorDataError("The Shopify shop has no active location for stock.")
            return active[0]
        if not wanted.isdigit() or int(wanted) not in active:
            raise ConnectorNotFound(f"Shopify has no active location {wanted!r}.")
        return int(wanted)

    async def variants_by_sku(self, skus: list[str]) -> dict[str, ShopifyVariant]:
        """SKU → the first variant carrying it (SKUs are not unique in Shopify), by GraphQL."""
        return await sku_lookup.variants_by_sku(self.client, skus)
