"""Each service's Swagger UI through the front door: /api/<service>/docs is the page, and the
document it fetches is /api/<service>/openapi.json, which names /api/<service> as its server
(so "Try it out" calls go through the front door too)."""

from __future__ import annotations

import re

import httpx
import pytest

from scripts.system.frontdoor import SERVICES, FrontDoor


@pytest.mark.parametrize("service", SERVICES)
def test_the_docs_work_under_the_services_prefix(frontdoor: FrontDoor, service: str) -> None:
    base = frontdoor.public_url(service)
    page = httpx.get(f"{base}/docs", timeout=30)
    assert page.status_code == 200, page.text
    (document_url,) = re.findall(r"url: '([^']+)'", page.text)
    assert document_url == f"/api/{service}/openapi.json"
    document = httpx.get(f"{frontdoor.url}{document_url}", timeout=30)
    assert document.status_code == 200
    assert document.json()["servers"] == [{"url": f"/api/{service}"}]
    some_path = sorted(document.json()["paths"])[0]
    assert some_path.startswith("/v1/"), some_path
