"""A person erased by e-mail is gone from every service: a dump of the whole database (every
schema) holds the canary e-mail nowhere afterwards, and the receipt says what was erased where."""

import asyncio
import os
import subprocess
import uuid
from typing import Any

from sqlalchemy.engine import make_url

from scripts.infra.postgres import PG_BIN
from scripts.system import RunningSystem
from scripts.system.seed import tenant_token
from syncyard_common.auth.principal import Role
from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

SERVICES = {"gateway", "orchestrator", "mapper", "logger", "notifier"}


def _dump(system: RunningSystem) -> str:
    """pg_dump of the system's database: every schema, data and all."""
    # As the tables' owner: dumping is an operator's job, not the services' role's.
    url = make_url(system.processes["orchestrator"].env["SYNCYARD_MIGRATION_DATABASE_URL"])
    command = [str(PG_BIN / "pg_dump"), "--data-only", "-h", str(url.host), "-p", str(url.port)]
    command += ["-U", str(url.username), "--enable-row-security", str(url.database)]
    # Every tenant's rows: the dump names no tenant, so row-level security does not narrow it.
    env = {**os.environ, "PGPASSWORD": str(url.password)}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


async def test_an_erased_customer_is_nowhere_in_the_database(
    system: RunningSystem, new_journey: JourneyFactory
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Beans", "priceIncl": 995})
    canary = f"Canary.{uuid.uuid4().hex[:12]}@Example.nl"
    order = await journey.shop_order(
        email=canary, billing_address=address(), line_items=[line(sku, 1, "9.95")]
    )
    run = await journey.finished_run(order["id"])
    assert run["state"] == "done", run
    await eventually(lambda: _logged(journey, run["id"]))
    assert canary.lower() in (await asyncio.to_thread(_dump, system)).lower()  # it was there

    orchestrator = journey.urls.orchestrator
    asked = await journey.api.post(
        f"{orchestrator}/v1/data-subjects/erase", json={"emails": [canary]}
    )
    assert asked.status_code == 202, asked.text
    receipt_url = orchestrator + asked.headers["location"]

    seen: list[dict[str, Any]] = []

    async def done() -> dict[str, Any] | None:
        seen.append((await journey.api.get(receipt_url)).json())
        return seen[-1] if seen[-1]["status"] == "done" else None

    try:
        receipt = await eventually(done, timeout=30)
    except AssertionError:
        raise AssertionError(f"erasure not done: {seen[-1:]}") from None
    assert set(receipt["services"]) == SERVICES
    erased = {table for part in receipt["services"].values() for table in part["erased"]}
    assert {"gateway.outbox", "orchestrator.outbox", "mapper.outbox", "logger.entry"} <= erased
    assert canary.lower() not in str(receipt).lower()

    dump = await asyncio.to_thread(_dump, system)
    assert canary.lower() not in dump.lower()
    # What stays: the erasure itself, known by a salted hash only.
    assert receipt["subject_hash"] in dump


async def test_erasure_needs_a_person_an_admin_and_the_own_tenant(
    system: RunningSystem, new_journey: JourneyFactory
) -> None:
    journey = await new_journey()
    erase = f"{journey.urls.orchestrator}/v1/data-subjects/erase"
    nobody = await journey.api.post(erase, json={})
    assert nobody.status_code == 422
    viewer = tenant_token(journey.seeded.tenant_id, system.jwt_secret, Role.VIEWER)
    refused = await journey.plain.post(
        erase, json={"emails": ["a@b.nl"]}, headers={"Authorization": f"Bearer {viewer}"}
    )
    assert refused.status_code == 403
    asked = await journey.api.post(erase, json={"customer_refs": ["cust-4711"]})
    other = tenant_token(uuid.uuid4(), system.jwt_secret)
    foreign = await journey.plain.get(
        journey.urls.orchestrator + asked.headers["location"],
        headers={"Authorization": f"Bearer {other}"},
    )
    assert foreign.status_code == 404


async def _logged(journey, run_id):  # type: ignore[no-untyped-def]
    steps = {entry["step"] for entry in await journey.run_log(run_id)}
    return steps if {"webhook", "map", "create_order"} <= steps else None
