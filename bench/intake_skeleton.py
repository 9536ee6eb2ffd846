"""The bare minimum a webhook intake does, as the yardstick of bench/intake.py.

FastAPI + asyncpg, one uvicorn process: read the body, check its HMAC-SHA256 in constant time,
insert one row (deduplicated on the event id), answer. No connection look-up, no outbox.

    SKELETON_DATABASE_URL=postgresql://… SKELETON_SECRET=… \\
        python -m uvicorn bench.intake_skeleton:create_app --factory --port 8999
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request, Response

TABLE = "bench_skeleton_inbox"


def create_app() -> FastAPI:
    secret = os.environ["SKELETON_SECRET"].encode()
    database_url = os.environ["SKELETON_DATABASE_URL"]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(database_url, min_size=2, max_size=10)
        await app.state.pool.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (connection_id text, event_key text, "
            "topic text, received_at timestamptz NOT NULL DEFAULT now(), "
            "PRIMARY KEY (connection_id, event_key))"
        )
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/readyz")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    @app.post("/hooks/{connection_id}")
    async def take_in(connection_id: str, request: Request) -> Response:
        body = await request.body()
        digest = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest())
        given = request.headers.get("x-shopify-hmac-sha256", "").encode()
        if not hmac.compare_digest(digest, given):
            return Response(status_code=401)
        await request.app.state.pool.execute(
            f"INSERT INTO {TABLE} (connection_id, event_key, topic) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING",
            connection_id,
            request.headers.get("x-shopify-event-id", ""),
            request.headers.get("x-shopify-topic", ""),
        )
        return Response(b'{"status":"accepted"}', media_type="application/json")

    return app
