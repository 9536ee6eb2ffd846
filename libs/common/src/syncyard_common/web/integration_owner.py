"""Is an integration the caller's? The orchestrator owns integrations, so it decides.

Services that only hold an integration's id (the logger's activity log, the notifier's mutes)
ask before they answer or write: another tenant's id, or one that does not exist, then answers
404 as every other endpoint does. Asked with the caller's own token.
"""

import uuid
from collections.abc import Mapping

import httpx

from syncyard_common.telemetry import traced_transport
from syncyard_common.web.errors import NotFound, ServiceUnavailable


async def check_integration(
    *,
    orchestrator_url: str | None,
    credentials: Mapping[str, str],
    integration_id: uuid.UUID,
    timeout: float,
) -> None:
    """Raise NotFound unless the orchestrator shows the integration to this caller."""
    if not orchestrator_url:
        return  # unit-level test apps only; every deployment sets SYNCYARD_ORCHESTRATOR_URL
    url = f"{orchestrator_url.rstrip('/')}/v1/integrations/{integration_id}"
    try:
        async with httpx.AsyncClient(timeout=timeout, transport=traced_transport()) as client:
            response = await client.get(url, headers=dict(credentials))
    except httpx.HTTPError as exc:
        raise _unavailable(type(exc).__name__) from None
    if response.status_code == 404:
        raise NotFound("integration_not_found", f"Integration {integration_id} does not exist.")
    if response.status_code != 200:
        raise _unavailable(f"HTTP {response.status_code}")


def caller_credentials(headers: Mapping[str, str]) -> dict[str, str]:
    """The caller's own credential (bearer token or API key), to ask another service with."""
    return {name: headers[name] for name in ("Authorization", "X-API-Key") if name in headers}


def _unavailable(reason: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        "orchestrator_unavailable",
        f"The orchestrator could not confirm the integration ({reason}); try again.",
    )
