"""A connection an integration uses cannot be deleted (409 naming the integrations).

Integrations live in the orchestrator, so the gateway asks it, with the caller's own token
(``GET /v1/integrations?connection_id=``). Deleting one that is in use would leave later
webhooks answered 404 and orders lost without an alert. If the orchestrator cannot answer,
nothing is deleted (503). Without ``SYNCYARD_ORCHESTRATOR_URL`` (unit-level test apps only)
nothing can be asked and the delete goes ahead.
"""

import uuid
from collections.abc import Mapping

import httpx

from syncyard_common.telemetry import traced_transport
from syncyard_common.web.errors import Conflict, ServiceUnavailable

TIMEOUT_SECONDS = 10.0


class ConnectionInUse(Conflict):
    def __init__(self, integrations: list[dict[str, str]]) -> None:
        named = ", ".join(f"{i['name']!r} ({i['id']})" for i in integrations)
        super().__init__(
            "connection_in_use",
            f"The connection is used by the integration(s) {named}; delete those first.",
            extra={"integration_ids": [i["id"] for i in integrations]},
        )


def _unavailable(reason: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        "orchestrator_unavailable",
        f"Whether an integration uses the connection could not be checked ({reason}); "
        "nothing was deleted, try again.",
    )


async def check_unused(
    *, orchestrator_url: str | None, credentials: Mapping[str, str], connection_id: uuid.UUID
) -> None:
    """Raise ConnectionInUse when an integration of the caller's tenant uses the connection."""
    if not orchestrator_url:
        return
    url = f"{orchestrator_url.rstrip('/')}/v1/integrations"
    try:
        async with httpx.AsyncClient(
            timeout=TIMEOUT_SECONDS, transport=traced_transport()
        ) as client:
            response = await client.get(
                url,
                params={"connection_id": str(connection_id)},
                headers=dict(credentials),
            )
    except httpx.HTTPError as exc:
        raise _unavailable(type(exc).__name__) from None
    if response.status_code != 200:
        raise _unavailable(f"HTTP {response.status_code}")
    try:
        items = [{"id": str(i["id"]), "name": str(i["name"])} for i in response.json()["items"]]
    except (ValueError, KeyError, TypeError):
        raise _unavailable("an unreadable answer") from None
    if items:
        raise ConnectionInUse(items)
