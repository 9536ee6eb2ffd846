"""Tenant mappings in real order runs: overrides, value maps, tests, rollback, isolation."""

from typing import Any

import httpx

from tests.e2e.journey import Journey, JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

PAIR = {"source_connector": "shopify", "target_connector": "mplus"}
SHOUTED_CITY = {"fields": {"billing_address.city": "$uppercase(billing_address.city)"}}
# Fields that differ between two otherwise identical orders: their identity and timing.
IDENTITY = ("source_id", "number", "created_at", "updated_at", "customer.id", "extra")


def _mappings(journey: Journey) -> str:
    return f"{journey.urls.mapper}/v1/integrations/{journey.seeded.integration_id}/mappings/orders"


def _value_map(journey: Journey, name: str) -> str:
    integration = journey.seeded.integration_id
    return f"{journey.urls.mapper}/v1/integrations/{integration}/value-maps/{name}"


def _flat(value: Any, at: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found.update(_flat(item, f"{at}.{key}" if at else key))
        return found
    if isinstance(value, list):
        found = {}
        for index, item in enumerate(value):
            found.update(_flat(item, f"{at}[{index}]"))
        return found
    return {at: value}


def _changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    old, new = _flat(before), _flat(after)
    return {
        path
        for path in old.keys() | new.keys()
        if old.get(path) != new.get(path)
        and not path.startswith(IDENTITY)
        and not path.endswith("source_line_id")
    }


async def _order(journey: Journey, sku: int, **extra: Any) -> dict[str, Any]:
    return await journey.shop_order(
        email=f"map.{sku}@example.nl",
        billing_address=address(),
        shipping_address=address(address1="Prinsengracht 7", zip="1016 AA"),
        line_items=[line(sku, 1, "9.95")],
        **extra,
    )


async def _map_step(journey: Journey, run_id: str) -> dict[str, Any]:
    async def found() -> dict[str, Any] | None:
        entries = [e for e in await journey.run_log(run_id) if e["step"] == "map"]
        return next((e for e in entries if e["source_service"] == "mapper"), None)

    return dict(await eventually(found))


async def _save(journey: Journey, body: dict[str, Any]) -> httpx.Response:
    return await journey.api.put(_mappings(journey), json=body, params=PAIR)


async def _till_city(journey: Journey, order: dict[str, Any]) -> str:
    [till_order] = await eventually(lambda: journey.till_orders(order["id"]))
    return str(till_order["invoiceAddress"]["city"])


async def test_an_override_changes_exactly_its_fields_and_the_log_shows_the_version(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Mug", "priceIncl": 995})
    first = await _order(journey, sku)
    first_run = await journey.finished_run(first["id"])
    assert first_run["state"] == "done", first_run["failure_reason"]

    overlay = {**SHOUTED_CITY, "constants": {"note": "Mapped by Syncyard"}}
    saved = await _save(journey, overlay)
    assert saved.status_code == 201, saved.text
    second = await _order(journey, sku)
    second_run = await journey.finished_run(second["id"])
    assert second_run["state"] == "done", second_run["failure_reason"]

    default_step = await _map_step(journey, first_run["id"])
    tenant_step = await _map_step(journey, second_run["id"])
    assert (default_step["mapping_version"], tenant_step["mapping_version"]) == (0, 1)
    changed = _changed(default_step["sent_payload"], tenant_step["sent_payload"])
    assert changed == {"billing_address.city", "note"}
    assert tenant_step["sent_payload"]["note"] == "Mapped by Syncyard"
    assert await _till_city(journey, first) == "Amsterdam"
    assert await _till_city(journey, second) == "AMSTERDAM"


async def test_an_unmapped_payment_method_fails_the_run_or_takes_the_default(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Jar", "priceIncl": 995})
    strict = {"entries": {"manual": "CASH"}, "on_unmapped": "fail"}
    saved = await journey.api.put(_value_map(journey, "payment_methods"), json=strict)
    assert saved.status_code == 200, saved.text
    refused = await _order(journey, sku, payment_gateway_names=["bitcoin"])
    failed = await journey.finished_run(refused["id"])
    assert failed["state"] == "failed"
    assert "bitcoin" in failed["failure_reason"]
    assert "payment_methods" in failed["failure_reason"]
    assert await journey.till_orders(refused["id"]) == []

    lenient = {"entries": {"manual": "CASH"}, "default": "OTHER", "on_unmapped": "use_default"}
    await journey.api.put(_value_map(journey, "payment_methods"), json=lenient)
    accepted = await _order(journey, sku, payment_gateway_names=["bitcoin"])
    run = await journey.finished_run(accepted["id"])
    assert run["state"] == "done", run["failure_reason"]
    step = await _map_step(journey, run["id"])
    assert step["sent_payload"]["payment_method"] == "OTHER"


async def test_rollback_restores_the_earlier_behaviour_and_tests_guard_new_versions(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Bowl", "priceIncl": 995})
    assert (await _save(journey, {"constants": {"note": "v1"}})).status_code == 201
    assert (await _save(journey, SHOUTED_CITY)).status_code == 201
    shouted = await _order(journey, sku)
    assert (await journey.finished_run(shouted["id"]))["state"] == "done"
    assert await _till_city(journey, shouted) == "AMSTERDAM"

    rolled = await journey.api.post(f"{_mappings(journey)}/rollback", json={"version": 1})
    assert rolled.status_code == 201, rolled.text
    assert rolled.json()["version"] == 3
    restored = await _order(journey, sku)
    restored_run = await journey.finished_run(restored["id"])
    assert restored_run["state"] == "done"
    assert await _till_city(journey, restored) == "Amsterdam"
    assert (await _map_step(journey, restored_run["id"]))["mapping_version"] == 3

    case = {
        "name": "city as the customer wrote it",
        "input": {"source_id": "t", "currency": "EUR", "billing_address": {"city": "Delft"}},
        "expected": {"billing_address": {"city": "Delft"}},
    }
    stored = await journey.api.put(
        f"{_mappings(journey)}/tests", json={"cases": [case]}, params=PAIR
    )
    assert stored.json()["results"][0]["passed"] is True
    # Saved without a pair: the case still runs on the default it was stored with.
    refused = await journey.api.put(_mappings(journey), json=SHOUTED_CITY)
    assert refused.status_code == 422
    assert refused.json()["code"] == "mapping_test_failed"
    assert refused.json()["failures"][0]["differences"] == [
        {"field": "billing_address.city", "expected": "Delft", "actual": "DELFT"}
    ]
    versions = await journey.api.get(f"{_mappings(journey)}/versions")
    assert [v["version"] for v in versions.json()] == [3, 2, 1]


async def test_another_tenant_can_neither_see_nor_use_the_mapping(
    new_journey: JourneyFactory,
) -> None:
    alice = await new_journey(subscribe_webhook=False)
    bob = await new_journey()
    assert (await _save(alice, SHOUTED_CITY)).status_code == 201
    strict = {"entries": {}, "on_unmapped": "fail"}
    assert (await alice.api.put(_value_map(alice, "payment_methods"), json=strict)).is_success
    mapping_url, value_map_url = _mappings(alice), _value_map(alice, "payment_methods")
    preview = {"records": [{"source_id": "1", "currency": "EUR"}]}
    answers = [
        await bob.api.get(mapping_url, params=PAIR),
        await bob.api.get(f"{mapping_url}/versions"),
        await bob.api.post(f"{mapping_url}/preview", json=preview, params=PAIR),
        await bob.api.put(mapping_url, json=SHOUTED_CITY, params=PAIR),
        await bob.api.get(value_map_url),
        await bob.api.put(value_map_url, json={"entries": {}}),
    ]
    assert [answer.status_code for answer in answers] == [404] * len(answers)

    sku = unique_sku()
    await bob.seed_articles({"articleNumber": sku, "description": "Plate", "priceIncl": 995})
    order = await _order(bob, sku, payment_gateway_names=["bitcoin"])
    run = await bob.finished_run(order["id"])
    assert run["state"] == "done", run["failure_reason"]
    assert (await _map_step(bob, run["id"]))["mapping_version"] == 0
    assert await _till_city(bob, order) == "Amsterdam"
