"""The only place that calls the gateway: ``GET /v1/connections/{id}/samples/{entity}``."""

import uuid
from typing import Any

import httpx

from syncyard_common.telemetry import traced_transport
from syncyard_mapper.samples.errors import SamplesUnavailable, SourceConnectionNotFound

ENTITY_OF_FLOW = {
    "orders": "orders",
    "products": "products",
    "stock": "stock",
    "customers": "customers",
    "categories": "categories",
}


async def fetch(
    *,
    gateway_url: str | None,
    connection_id: uuid.UUID,
    entity: str,
    bearer_token: str,
    limit: int = 5,
    timeout: float = 10.0,
) -> list[dict[str, Any]]:
    """Canonical sample records; 404 for an unknown (or foreign) connection, else 502."""
    if not gateway_url:
        raise SamplesUnavailable("no gateway is configured (SYNCYARD_GATEWAY_URL)")
    url = f"{gateway_url.rstrip('/')}/v1/connections/{connection_id}/samples/{entity}"
    # The caller's own token: the gateway applies the same tenant rules as to the caller.
    headers = {"Authorization": f"Bearer {bearer_token}"}
    try:
        async with httpx.AsyncClient(timeout=timeout, transport=traced_transport()) as client:
            response = await client.get(url, params={"limit": limit}, headers=headers)
    except httpx.HTTPError as error:
        raise SamplesUnavailable(f"the gateway did not answer ({type(error).__name__})") from None
    if response.status_code == 404:
        raise SourceConnectionNotFound()
    if response.status_code != 200:
        raise SamplesUnavailable(f"the gateway answered {response.status_code}")
    try:
        records = response.json()["records"]
    except (ValueError, KeyError, TypeError):
        raise SamplesUnavailable("the gateway's answer has no records") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise SamplesUnavailable("the gateway's records are not a list of objects")
    return records[:limit]
