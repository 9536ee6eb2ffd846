"""Categories as custom collections; the parent is kept in a collection metafield.

Shopify collections are flat. A title path ("Coffee > Beans") would show on the storefront
and break when a parent is renamed, so the parent's collection id goes into the metafield
``syncyard.parent_collection_id`` instead; the title stays the category's own name."""

from syncyard_common.canonical import Category
from syncyard_gateway.connectors.errors import ConnectorNotFound
from syncyard_gateway.connectors.shopify import rest, translate_products
from syncyard_gateway.connectors.shopify.client import ShopifyClient, numeric_id
from syncyard_gateway.connectors.shopify.translate_products import PARENT_KEY, PARENT_NAMESPACE


async def parent_of(client: ShopifyClient, collection_id: int) -> str | None:
    """The parent collection id kept on the collection, or None for a top-level one."""
    for metafield in await rest.collection_metafields(client, collection_id):
        if (metafield.namespace, metafield.key) == (PARENT_NAMESPACE, PARENT_KEY):
            return metafield.value or None
    return None


async def upsert_category(
    client: ShopifyClient, category: Category, *, parent_id: str | None
) -> str:
    """Update the collection with this title under ``parent_id``, or create it there."""
    if parent_id is not None:
        numeric_id(parent_id, "collection")
    for collection in await rest.collections_titled(client, category.name):
        if (
            collection.title == category.name
            and await parent_of(client, collection.id) == parent_id
        ):
            body = translate_products.from_canonical_category(category, parent_id=None)
            if collection.body_html != body["body_html"]:
                await rest.update_collection(client, collection.id, body)
            return str(collection.id)
    body = translate_products.from_canonical_category(category, parent_id=parent_id)
    return str(await rest.create_collection(client, body))


async def put_in_collections(
    client: ShopifyClient, product_id: int, collection_ids: list[str]
) -> None:
    """Add the product to each collection it is not in yet (membership is never removed)."""
    present = {collect.collection_id for collect in await rest.collects_of(client, product_id)}
    for collection_id in dict.fromkeys(collection_ids):
        if not collection_id.isdigit():
            raise ConnectorNotFound(f"{collection_id!r} is not a Shopify collection id.")
        if int(collection_id) not in present:
            await rest.create_collect(
                client, product_id=product_id, collection_id=int(collection_id)
            )
