"""The webhook endpoint sheds sockets that send nothing, half their headers or half a body.

The real gateway app served by uvicorn with the SlowClientGuard protocol (short deadlines, so
the test is quick): every stuck socket is closed by the server, and a normal webhook on a fresh
connection is still answered meanwhile.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn

from syncyard_common.web.slow_clients import SlowClientGuard
from syncyard_gateway.main import create_app
from syncyard_gateway.settings import GatewaySettings
from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway

STUCK_PER_KIND = 30


class QuickGuard(SlowClientGuard):
    header_timeout = 1.0
    body_idle_timeout = 1.0
    body_timeout = 3.0


@asynccontextmanager
async def serve_guarded(settings: GatewaySettings) -> AsyncIterator[int]:
    config = uvicorn.Config(
        create_app(settings.model_copy(update={"run_consumers": False, "run_migrations": False})),
        host="127.0.0.1",
        port=0,
        lifespan="on",
        log_config=None,
        access_log=False,
        http=QuickGuard,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the server stopped during start-up"
        await asyncio.sleep(0.02)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        await task


async def _closed_by_server(reader: asyncio.StreamReader, within: float) -> bool:
    try:
        while await asyncio.wait_for(reader.read(65_536), timeout=within):
            pass  # a 408/400 answer before the close is fine too
    except TimeoutError:
        return False
    return True


class TestSlowClients:
    async def test_stuck_sockets_are_closed_and_others_still_served(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        async with gateway.client(tenant_id) as client:
            created = await factories.create_connection(client)
        path = f"/v1/webhooks/{created['id']}"
        body = factories.encode(factories.order_payload())
        head = "".join(f"{k}: {v}\r\n" for k, v in factories.webhook_headers(body).items())
        partial_headers = f"POST {path} HTTP/1.1\r\nHost: x\r\n".encode()
        partial_body = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\n{head}Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body[: len(body) // 2]
        async with serve_guarded(gateway.settings) as port:
            sockets = []
            for sent in (b"", partial_headers, partial_body):
                for _ in range(STUCK_PER_KIND):
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.write(sent)
                    sockets.append((reader, writer))
            started = time.monotonic()
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                answered = await client.post(
                    path, content=body, headers=factories.webhook_headers(body)
                )
            assert answered.status_code == 200
            closed = await asyncio.gather(
                *(_closed_by_server(reader, within=15) for reader, _ in sockets)
            )
            elapsed = time.monotonic() - started
            for _, writer in sockets:
                writer.close()
        assert all(closed), f"{closed.count(False)} of {len(closed)} sockets still open"
        assert elapsed < 15
