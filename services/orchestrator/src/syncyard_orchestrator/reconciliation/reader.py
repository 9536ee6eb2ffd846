"""Reading every record of one side through the gateway's page reads (the only I/O of a
reconciliation besides its own tables). The gateway spends the remote's request budget; when
it is spent the gateway answers 429 with ``retry_after`` and this reader waits: a
reconciliation runs in its own task, never in a consumer, so waiting holds up nothing else."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

MAX_WAIT_SECONDS = 1800.0  # in all, per side: a remote that stays busy this long fails the report


class ReadFailed(Exception):
    """The gateway or the remote behind it could not give the records; the merchant's reason."""


@dataclass
class SideRead:
    records: list[dict[str, Any]]
    pages: int


class GatewayReader:
    def __init__(self, client: httpx.AsyncClient, *, gateway_url: str, token: str) -> None:
        self._client = client
        self._base = gateway_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}

    async def read_all(
        self,
        connection_id: uuid.UUID,
        entity: str,
        *,
        start: datetime | None,
        end: datetime | None,
        page_size: int,
    ) -> SideRead:
        params: dict[str, str | int] = {"limit": page_size}
        if start is not None:
            params["from"] = start.isoformat()
        if end is not None:
            params["to"] = end.isoformat()
        records: list[dict[str, Any]] = []
        cursor: str | None = None
        pages, waited = 0, 0.0
        while True:
            page_params = params if cursor is None else {**params, "cursor": cursor}
            url = f"{self._base}/v1/connections/{connection_id}/records/{entity}"
            try:
                response = await self._client.get(url, params=page_params, headers=self._headers)
            except httpx.HTTPError as error:
                raise ReadFailed(
                    f"the gateway could not be reached ({type(error).__name__})"
                ) from None
            if response.status_code == 429:
                wait = float(_body(response).get("retry_after") or 1.0)
                waited += wait
                if waited > MAX_WAIT_SECONDS:
                    raise ReadFailed(f"the remote's request budget stayed spent for {waited:.0f} s")
                await asyncio.sleep(wait)
                continue
            if response.status_code != 200:
                body = _body(response)
                reason = body.get("detail") or f"the gateway answered {response.status_code}"
                raise ReadFailed(f"{reason} ({body.get('code', response.status_code)})")
            body = _body(response)
            pages += 1
            records.extend(body.get("records") or [])
            if not body.get("has_more"):
                return SideRead(records=records, pages=pages)
            cursor = body.get("cursor")


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
