"""Categories read from BigCommerce: one by id, and new ones after an id (the change feed).

BigCommerce's category list cannot be filtered by modification date, so the feed hands on
categories by ascending id (an initial sync reads them all); later edits arrive by the
store/category/* webhooks and are read with ``get``."""

from syncyard_common.canonical import Category
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.bigcommerce.payloads import BcCategory

PATH = "/v3/catalog/categories"


def to_canonical(category: BcCategory) -> Category:
    return Category(
        source_id=str(category.id),
        name=category.name,
        parent_source_id=str(category.parent_id) if category.parent_id else None,
        description=category.description or None,
    )


async def get(client: BigCommerceClient, category_id: str) -> Category:
    answer = await client.get(f"{PATH}/{int(category_id)}")
    return to_canonical(BcCategory.model_validate(answer["data"]))


async def after(
    client: BigCommerceClient, last_id: int | None, limit: int
) -> tuple[list[BcCategory], bool]:
    """Categories with an id above ``last_id`` (None: all), ascending, at most ``limit``."""
    found = sorted(
        (BcCategory.model_validate(raw) for raw in await client.v3_all(PATH)),
        key=lambda category: category.id,
    )
    newer = [c for c in found if last_id is None or c.id > last_id]
    return newer[:limit], len(newer) > limit
