"""``Idempotency-Key`` on every POST: the same key and body get the same answer, once.

A POST carrying the header is claimed for (tenant, key, path) in the service's
``idempotency_key`` table before its handler runs (an app-wide dependency, after the caller is
authenticated); the response is stored when it is sent (the ASGI middleware below):

- the same key and body again → the stored status and body, replayed
  (``Idempotent-Replayed: true``), and nothing is created twice;
- the same key with another body → 422 ``idempotency_key_reused``;
- while the first request still runs, an identical one waits for its answer (up to
  ``WAIT_SECONDS``, then 409 ``idempotency_request_in_progress``): ten concurrent identical
  POSTs make one resource;
- a 5xx answer (or a crash) releases the key, so a retry runs afresh;
- keys expire after 24 hours (``EXPIRY``).

Without the header a POST works as before.
"""

import asyncio
import hashlib
import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from syncyard_common.auth import dependencies
from syncyard_common.web.errors import Conflict, ServiceError, Unprocessable

HEADER = "idempotency-key"
EXPIRY = timedelta(hours=24)
WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.05
_CLAIM = "idempotency_claim"  # request.state attribute the middleware reads
_metadata = sa.MetaData()


def _table(schema: str) -> sa.Table:
    existing = _metadata.tables.get(f"{schema}.idempotency_key")
    if existing is not None:
        return existing
    return sa.Table(
        "idempotency_key",
        _metadata,
        sa.Column("tenant_id", sa.Uuid()),
        sa.Column("key", sa.String(255)),
        sa.Column("route", sa.String(500)),
        sa.Column("body_hash", sa.String(64)),
        sa.Column("status", sa.Integer()),
        sa.Column("content_type", sa.String(200)),
        sa.Column("body", sa.LargeBinary()),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        schema=schema,
    )


class Replayed(ServiceError):
    """Not an error: carries the stored answer to the exception handler that sends it."""

    def __init__(self, status: int, content_type: str | None, body: bytes) -> None:
        super().__init__("idempotent_replay", "replayed", status_code=status)
        self.content_type = content_type
        self.body = body


async def _on_replay(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, Replayed)
    headers = {"Idempotent-Replayed": "true"}
    return Response(exc.body, exc.status_code, headers=headers, media_type=exc.content_type)


def dependency(schema: str) -> Any:
    """The app-wide dependency (``FastAPI(dependencies=[...])``, so every route has it): claim
    the key of a POST that carries one (see the module doc)."""

    async def claim(request: Request) -> None:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return
        if "authorization" not in request.headers and "x-api-key" not in request.headers:
            return  # unauthenticated routes (webhook intake): keys are per tenant, none here
        if not 1 <= len(key) <= 255:
            raise Unprocessable(
                "invalid_idempotency_key", "Idempotency-Key must be 1-255 characters.",
                field="Idempotency-Key",
            )  # fmt: skip
        credentials = await dependencies._bearer(request)
        api_key = await dependencies._api_key(request)
        principal = await dependencies.current_principal(request, credentials, api_key)
        body_hash = hashlib.sha256(await request.body()).hexdigest()
        engine: AsyncEngine = request.state.engine
        row = {
            "tenant_id": principal.tenant_id,
            "key": key,
            "route": request.url.path,
            "body_hash": body_hash,
        }
        await _claim_or_replay(engine, _table(schema), row)
        setattr(request.state, _CLAIM, (schema, row))

    return Depends(claim)


async def _claim_or_replay(engine: AsyncEngine, table: sa.Table, row: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    same = (
        (table.c.tenant_id == row["tenant_id"])
        & (table.c.key == row["key"])
        & (table.c.route == row["route"])
    )
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while True:
        async with engine.begin() as connection:
            await connection.execute(
                sa.delete(table).where(same, table.c.created_at < now - EXPIRY)
            )
            if random.random() < 0.01:  # noqa: S311 - an occasional purge, not a secret
                await connection.execute(sa.delete(table).where(table.c.created_at < now - EXPIRY))
            inserted = await connection.execute(
                postgresql.insert(table)
                .values(**row, created_at=now)
                .on_conflict_do_nothing()
                .returning(table.c.key)
            )
            if inserted.first() is not None:
                return  # ours: the handler runs
            stored = (await connection.execute(sa.select(table).where(same))).first()
        if stored is None:
            continue  # released meanwhile (a 5xx): claim again
        if stored.body_hash != row["body_hash"]:
            raise Unprocessable(
                "idempotency_key_reused",
                "This Idempotency-Key was used with another request body; use a new key.",
                field="Idempotency-Key",
            )
        if stored.status is not None:
            raise Replayed(stored.status, stored.content_type, stored.body or b"")
        if asyncio.get_running_loop().time() > deadline:
            raise Conflict(
                "idempotency_request_in_progress",
                "A request with this Idempotency-Key is still running; retry shortly.",
                field="Idempotency-Key",
            )
        await asyncio.sleep(_POLL_SECONDS)


class StoreAnswers:
    """ASGI middleware: keep the answer of a claimed POST (or release the claim on a 5xx)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        answer: dict[str, Any] = {"status": 500, "content_type": None, "body": bytearray()}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        answer["content_type"] = value.decode("latin-1")
                    if name.lower() == b"cache-control" and b"no-store" in value.lower():
                        answer["is_secret"] = True
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            claimed = scope.get("state", {}).get(_CLAIM)
            if claimed is not None:
                await _settle(scope["state"]["engine"], claimed, answer)


async def _settle(engine: AsyncEngine, claimed: tuple[str, dict[str, Any]], answer: Any) -> None:
    schema, row = claimed
    table = _table(schema)
    same = (
        (table.c.tenant_id == row["tenant_id"])
        & (table.c.key == row["key"])
        & (table.c.route == row["route"])
    )
    async with engine.begin() as connection:
        if answer["status"] >= 500:
            await connection.execute(sa.delete(table).where(same))
        elif answer.get("is_secret"):
            # An answer marked no-store holds a secret shown only once (a new API key): it is
            # not kept, and a replay says so instead of showing the secret again.
            await connection.execute(sa.update(table).where(same).values(**_NOT_KEPT))
        else:
            await connection.execute(
                sa.update(table)
                .where(same)
                .values(
                    status=answer["status"],
                    content_type=answer["content_type"],
                    body=bytes(answer["body"]),
                )
            )


_NOT_KEPT = {
    "status": 409,
    "content_type": "application/problem+json",
    "body": json.dumps(
        {
            "type": "about:blank",
            "title": "idempotent_answer_not_kept",
            "status": 409,
            "code": "idempotent_answer_not_kept",
            "detail": "This request was already answered with a secret shown only once; "
            "it is not shown again.",
        }
    ).encode(),
}


def install(app: Any) -> None:
    """Store answers and send replays; the app was made with :func:`dependency` (service_app)."""
    app.add_exception_handler(Replayed, _on_replay)
    app.add_middleware(StoreAnswers)
