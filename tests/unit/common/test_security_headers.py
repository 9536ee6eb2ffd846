"""Every answer of every service is safe to show: nosniff and a content security policy that
allows nothing, on successes, refusals and errors alike (the API docs page aside)."""

import uuid

import pytest

from syncyard_common.web.security_headers import API_POLICY, DOCS_POLICY
from tests.unit.common.test_text_check import SERVICES, _send

PATHS = {
    "health": ("GET", "/healthz"),
    "not authenticated": ("GET", "/v1/this-needs-a-token"),
    "unknown route": ("GET", f"/v1/nothing/{uuid.uuid4()}"),
    "unstorable text": ("POST", "/v1/anything"),
}


@pytest.mark.parametrize("case", PATHS)
@pytest.mark.parametrize("service", SERVICES)
async def test_every_answer_of_every_service_carries_nosniff_and_a_closed_policy(
    service: str, case: str
) -> None:
    method, path = PATHS[case]
    body = b'{"name": "\\u0000"}' if method == "POST" else b""
    response = await _send(SERVICES[service][0](), method, path, body)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == API_POLICY
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("service", SERVICES)
async def test_the_docs_page_may_load_only_its_own_viewer(service: str) -> None:
    response = await _send(SERVICES[service][0](), "GET", "/docs")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == DOCS_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
