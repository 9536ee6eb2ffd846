"""The only place the dry run calls other services: the gateway (samples, look-ups) and the
mapper (current mapping, preview). Read-only calls, with the caller's own token."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from syncyard_common.messages import orders
from syncyard_orchestrator.dry_run.errors import PeerFailed
from syncyard_orchestrator.dry_run.schemas import FieldProblem, MappingUsed


@dataclass(frozen=True)
class CurrentMapping:
    used: MappingUsed
    document: dict[str, Any]


@dataclass(frozen=True)
class Preview:
    output: dict[str, Any] | None
    errors: list[FieldProblem]


class Peers:
    """One dry run's calls; ``client`` carries the timeout and is closed by the caller."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        gateway_url: str | None,
        mapper_url: str | None,
        bearer_token: str,
    ) -> None:
        self._client = client
        self._urls = {"gateway": gateway_url, "mapper": mapper_url}
        self._headers = {"Authorization": f"Bearer {bearer_token}"}

    async def samples(self, connection_id: uuid.UUID, entity: str, limit: int) -> list[Any]:
        body = await self._call(
            "gateway", "GET", f"/v1/connections/{connection_id}/samples/{entity}", limit=limit
        )
        return list(body.get("records") or [])[:limit]

    async def look_up(
        self, connection_id: uuid.UUID, entity: str, keys: list[str], location_id: str | None
    ) -> dict[str, dict[str, Any]]:
        """Key → what the target has (the gateway answers one entry per distinct key)."""
        answers: dict[str, dict[str, Any]] = {}
        for start in range(0, len(keys), 50):  # the gateway takes 50 keys per call
            body = await self._call(
                "gateway",
                "POST",
                f"/v1/connections/{connection_id}/lookups/{entity}",
                json={"keys": keys[start : start + 50], "location_id": location_id},
            )
            answers.update({str(item["key"]): item for item in body.get("results") or []})
        return answers

    async def check_order(
        self, connection_id: uuid.UUID, command: orders.PlaceOrderV1
    ) -> dict[str, Any]:
        """The placing command's first sub-step on its own: can the target hold the order?"""
        body = {
            "order": command.order.model_dump(mode="json"),
            "customer": command.customer.model_dump(mode="json") if command.customer else None,
            "booking": command.booking.model_dump(mode="json"),
        }
        answer = await self._call(
            "gateway", "POST", f"/v1/connections/{connection_id}/order-check", json=body
        )
        return dict(answer)

    async def current_mapping(
        self, integration_id: uuid.UUID, flow: str, pair: tuple[str, str]
    ) -> CurrentMapping:
        body = await self._call(
            "mapper",
            "GET",
            f"/v1/integrations/{integration_id}/mappings/{flow}",
            source_connector=pair[0],
            target_connector=pair[1],
        )
        used = MappingUsed(
            mapping_id=str(body["mapping_id"]),
            version=int(body["version"]),
            is_default=bool(body["is_default"]),
        )
        return CurrentMapping(used=used, document=dict(body["document"]))

    async def preview(
        self,
        integration_id: uuid.UUID,
        flow: str,
        pair: tuple[str, str],
        document: dict[str, Any],
        records: list[dict[str, Any]],
    ) -> list[Preview]:
        """The mapping ``document`` (pinned: the version reported) applied to ``records``."""
        body = await self._call(
            "mapper",
            "POST",
            f"/v1/integrations/{integration_id}/mappings/{flow}/preview",
            json={"document": document, "records": records},
            source_connector=pair[0],
            target_connector=pair[1],
        )
        results = body.get("results") or []
        if len(results) != len(records):
            raise PeerFailed("mapper", f"{len(results)} previews for {len(records)} records")
        return [
            Preview(
                output=item.get("output"),
                errors=[FieldProblem.model_validate(e) for e in item.get("errors") or []],
            )
            for item in results
        ]

    async def _call(
        self, peer: str, method: str, path: str, *, json: Any = None, **params: Any
    ) -> dict[str, Any]:
        base = self._urls[peer]
        if not base:
            setting = f"SYNCYARD_{peer.upper()}_URL"
            raise PeerFailed(peer, f"no {peer} is configured ({setting})")
        try:
            response = await self._client.request(
                method,
                base.rstrip("/") + path,
                params=params or None,
                json=json,
                headers=self._headers,
            )
        except httpx.TimeoutException:
            raise PeerFailed(peer, "it did not answer in time") from None
        except httpx.HTTPError as error:
            raise PeerFailed(peer, f"it could not be reached ({type(error).__name__})") from None
        if response.status_code != 200:
            reason, code = _reason(response)
            raise PeerFailed(peer, reason, remote_code=code)
        try:
            body = response.json()
        except ValueError:
            raise PeerFailed(peer, "its answer is not JSON") from None
        if not isinstance(body, dict):
            raise PeerFailed(peer, "its answer is not a JSON object")
        return body


def _reason(response: httpx.Response) -> tuple[str, str | None]:
    """The other service's own problem detail (it never holds credentials), and its code."""
    try:
        problem = response.json()
        code, detail = str(problem["code"]), str(problem["detail"])
    except (ValueError, KeyError, TypeError):
        return f"it answered {response.status_code}", None
    return f"{detail} ({code}, {response.status_code})", code
