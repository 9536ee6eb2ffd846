"""An integration names only the tenant's own connections, of the connectors it says (R-tenancy).

The connections live in the gateway: each id is looked up there with the caller's own token,
so the gateway's tenant filter decides (another tenant's id, or one that does not exist, is a
404 there and here). Without ``SYNCYARD_GATEWAY_URL`` (unit-level test apps only) nothing can
be checked and the references are taken as given; every deployment sets it.
"""

import uuid
from collections.abc import Mapping

import httpx

from syncyard_common.telemetry import traced_transport
from syncyard_orchestrator.integrations import errors, schemas


async def check(
    *,
    integration_in: schemas.IntegrationIn,
    gateway_url: str | None,
    credentials: Mapping[str, str],
    timeout: float,
) -> None:
    """Raise ConnectionNotFound (404) or ConnectorMismatch (422) naming the field at fault."""
    if not gateway_url:
        return
    sides = (
        ("source", integration_in.source_connection_id, integration_in.source_connector),
        ("target", integration_in.target_connection_id, integration_in.target_connector),
    )
    async with httpx.AsyncClient(
        base_url=gateway_url.rstrip("/"),
        timeout=timeout,
        transport=traced_transport(),
        headers=dict(credentials),
    ) as client:
        for side, connection_id, connector in sides:
            found = await _connector_of(client, connection_id, field=f"{side}_connection_id")
            if found != connector:
                raise errors.ConnectorMismatch(
                    f"{side}_connector",
                    f"Connection {connection_id} is a {found!r} connection, not {connector!r}.",
                )


async def _connector_of(client: httpx.AsyncClient, connection_id: uuid.UUID, *, field: str) -> str:
    try:
        response = await client.get(f"/v1/connections/{connection_id}")
    except httpx.HTTPError as exc:
        raise errors.GatewayUnavailable(type(exc).__name__) from None
    if response.status_code == 404:
        raise errors.ConnectionNotFound(connection_id, field=field)
    if response.status_code != 200:
        raise errors.GatewayUnavailable(f"HTTP {response.status_code}")
    try:
        return str(response.json()["connector"])
    except (ValueError, KeyError, TypeError):
        raise errors.GatewayUnavailable("an answer without the connector") from None
