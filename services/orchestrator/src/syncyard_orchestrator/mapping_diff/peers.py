"""The only place the mapping diff calls other services: the logger (the run's log) and the
mapper (a mapping version, and a preview of it). Read-only calls, with the caller's token."""

import uuid
from typing import Any

import httpx

from syncyard_orchestrator.dry_run.peers import CurrentMapping, Peers
from syncyard_orchestrator.dry_run.schemas import MappingUsed


class DiffPeers(Peers):
    """The dry run's mapper calls, plus the logger and one saved mapping version."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        mapper_url: str | None,
        logger_url: str | None,
        bearer_token: str,
    ) -> None:
        super().__init__(client, gateway_url=None, mapper_url=mapper_url, bearer_token=bearer_token)
        self._urls["logger"] = logger_url

    async def run_log(self, run_id: uuid.UUID) -> list[dict[str, Any]]:
        """The run's activity-log entries with payloads, oldest first."""
        body = await self._call("logger", "GET", f"/v1/runs/{run_id}/log")
        return [entry for entry in body.get("entries") or [] if isinstance(entry, dict)]

    async def mapping_version(
        self, integration_id: uuid.UUID, flow: str, pair: tuple[str, str], version: int
    ) -> CurrentMapping:
        """Saved version ``version`` of the flow's mapping (0: the pair's shipped default)."""
        body = await self._call(
            "mapper",
            "GET",
            f"/v1/integrations/{integration_id}/mappings/{flow}/versions/{version}",
            source_connector=pair[0],
            target_connector=pair[1],
        )
        used = MappingUsed(
            mapping_id=str(body["mapping_id"]),
            version=int(body["version"]),
            is_default=bool(body["is_default"]),
        )
        return CurrentMapping(used=used, document=dict(body["document"]))
