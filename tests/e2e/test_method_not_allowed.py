"""A method a path does not take is a 405 whose ``Allow`` lists every method the path does
take, gathered from all its routes (Starlette names one route's only), in the running
services (issue 12, point 9). A literal path beside a template (``/dead-letters/discard``
beside ``/dead-letters/{id}``) is its own resource."""

import uuid

import httpx

from scripts.system import RunningSystem
from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from tests.e2e.journey import urls_of

SOME_ID = uuid.uuid4()
CASES = [
    ("gateway", "PUT", f"/v1/connections/{SOME_ID}", "DELETE, GET, PATCH"),
    ("orchestrator", "PATCH", "/v1/integrations", "GET, POST"),
    ("orchestrator", "GET", "/v1/dead-letters/discard", "POST"),
    ("orchestrator", "DELETE", f"/v1/integrations/{SOME_ID}/flows/orders", "GET, PUT"),
    ("mapper", "DELETE", f"/v1/integrations/{SOME_ID}/value-maps/tax_codes", "GET, PUT"),
    ("notifier", "PUT", f"/v1/channels/{SOME_ID}", "DELETE, GET, PATCH"),
]


async def test_a_405_lists_every_method_of_the_path(system: RunningSystem) -> None:
    urls = urls_of(system)
    token = tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=system.jwt_secret)
    wrong = []
    async with httpx.AsyncClient(timeout=30, headers={"authorization": f"Bearer {token}"}) as api:
        for service, method, path, allow in CASES:
            answer = await api.request(method, f"{getattr(urls, service)}{path}")
            got = (answer.status_code, answer.headers.get("allow"), answer.headers["content-type"])
            if got != (405, allow, "application/problem+json"):
                wrong.append(f"{service} {method} {path}: {got}")
    assert wrong == []
