"""Categories: create under a parent, or update the one with the same name there."""

from syncyard_common.canonical import Category
from syncyard_gateway.connectors.ecwid.client import EcwidClient, numeric_id, parse
from syncyard_gateway.connectors.ecwid.payloads import EcwidCategory


async def upsert(client: EcwidClient, category: Category, parent_id: str | None) -> str:
    """Match by name (case-insensitive) among the parent's children, hidden ones included."""
    parent = int(numeric_id(parent_id, "category")) if parent_id else 0
    params: dict[str, str | int] = {"parent": parent, "hidden_categories": "true", "limit": 100}
    siblings = [
        parse(EcwidCategory, row, "a category")
        for row in await client.get_all("/categories", params)
    ]
    wanted = category.name.strip().casefold()
    match = next((c for c in siblings if c.name.strip().casefold() == wanted), None)
    body = {"name": category.name, "description": category.description or ""}
    if match is None:
        created = await client.call("POST", "/categories", body=body | {"parentId": parent})
        return str(created["id"])
    if match.name != category.name or (match.description or "") != body["description"]:
        await client.call("PUT", f"/categories/{match.id}", body=body)
    return str(match.id)
