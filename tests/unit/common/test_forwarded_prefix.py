"""Each service's API docs behind the front door: with X-Forwarded-Prefix the docs page
fetches the document under that prefix and the document names it as its server; without it
(or with a header that is no plain path) nothing changes; other routes never see it."""

import httpx
import pytest
from fastapi import FastAPI

from syncyard_common.web.forwarded_prefix import prefix_of
from tests.unit.common.test_text_check import SERVICES

PREFIX = {
    "connector-gateway": "/api/gateway",
    "orchestrator": "/api/orchestrator",
    "mapper": "/api/mapper",
    "logger": "/api/logger",
    "notifier": "/api/notifier",
}


async def _get(app: FastAPI, path: str, prefix: str | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    headers = {"x-forwarded-prefix": prefix} if prefix is not None else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path, headers=headers)


@pytest.mark.parametrize("service", SERVICES)
async def test_the_docs_fetch_the_document_under_the_front_doors_prefix(service: str) -> None:
    app, prefix = SERVICES[service][0](), PREFIX[service]
    page = await _get(app, "/docs", prefix)
    document = await _get(app, "/openapi.json", prefix)
    redoc = await _get(app, "/redoc", prefix)
    assert page.status_code == 200
    assert f"url: '{prefix}/openapi.json'" in page.text
    assert f'spec-url="{prefix}/openapi.json"' in redoc.text
    assert document.json()["servers"] == [{"url": prefix}]
    assert document.json()["paths"]


async def test_without_the_header_the_docs_are_where_the_service_is() -> None:
    app = SERVICES["mapper"][0]()
    page = await _get(app, "/docs")
    assert "url: '/openapi.json'" in page.text
    assert "servers" not in (await _get(app, "/openapi.json")).json()


@pytest.mark.parametrize(
    "header",
    ["/api/x';alert(1)//", "api/mapper", "/api/mapper/", "/api/ma pper", "/" + "a" * 41, ""],
)
def test_only_a_plain_path_is_taken_as_the_prefix(header: str) -> None:
    assert prefix_of(header) == ""


async def test_a_forged_prefix_never_reaches_the_docs_page() -> None:
    page = await _get(SERVICES["logger"][0](), "/docs", "/x'</script><script>alert(1)//")
    assert "alert(1)" not in page.text
    assert "url: '/openapi.json'" in page.text


async def test_other_routes_are_answered_as_without_the_prefix() -> None:
    app = SERVICES["orchestrator"][0]()
    plain, prefixed = await _get(app, "/healthz"), await _get(app, "/healthz", "/api/x")
    assert (prefixed.status_code, prefixed.json()) == (plain.status_code, plain.json())
    assert prefix_of("/api/orchestrator") == "/api/orchestrator"
