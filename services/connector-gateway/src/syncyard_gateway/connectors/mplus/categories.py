"""Categories as MplusKASSA article groups: find by name under a parent, else create."""

from syncyard_common.canonical import Category
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorNotFound
from syncyard_gateway.connectors.mplus.article_payloads import GroupRecord
from syncyard_gateway.connectors.mplus.client import MplusClient
from syncyard_gateway.connectors.mplus.translate import is_article_number
from syncyard_gateway.connectors.mplus.translate_products import to_category

TOP = 0  # parentGroupNumber of a top-level group
PAGE = 500


async def live_groups(client: MplusClient) -> list[GroupRecord]:
    """Every group that is not deleted (getArticleGroupChanges from marker 0, paged)."""
    groups: dict[int, GroupRecord] = {}
    since = 0
    while True:
        page = await client.group_changes(since=since, limit=PAGE)
        for group in page:
            groups[group.group_number] = group
        if len(page) < PAGE:
            break
        since = max(group.sync_marker for group in page)
    return [group for group in groups.values() if not group.is_deleted]


async def upsert_category(client: MplusClient, category: Category, *, parent_id: str | None) -> str:
    """The group with this name under ``parent_id`` (updated) or a new one; its number."""
    if parent_id is not None and not is_article_number(parent_id):
        raise ConnectorDataError(f"Parent {parent_id!r} is not a MplusKASSA article group number.")
    parent = int(parent_id) if parent_id else TOP
    text = category.description or ""
    wanted = category.name.strip().casefold()
    for group in await live_groups(client):
        if group.parent_group_number == parent and group.name.strip().casefold() == wanted:
            if group.name != category.name or (group.text or "") != text:
                await client.update_article_group(
                    number=group.group_number, name=category.name, text=text
                )
            return str(group.group_number)
    return await client.new_article_group(parent=parent, name=category.name, text=text)


async def get_category(client: MplusClient, category_id: str) -> Category:
    """One live group by its number (a child's run asks for its parent this way)."""
    if is_article_number(category_id):
        for group in await live_groups(client):
            if group.group_number == int(category_id):
                return to_category(group)
    raise ConnectorNotFound(f"MplusKASSA has no article group {category_id!r}.")
