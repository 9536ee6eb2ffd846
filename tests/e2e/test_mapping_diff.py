"""A run's mapping diff on the real system: what the current mapping version would send for a
done or a failed run, against what the run sent (nothing, when its mapping failed); and a
failed run replayed (retried) through the new version, whose till order has its fields."""

import uuid
from typing import Any

import httpx

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from tests.e2e.journey import Journey, JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually

PAIR = {"source_connector": "shopify", "target_connector": "mplus"}
# The new version: one field built another way, one constant field added.
NEW_VERSION = {
    "fields": {"billing_address.city": "$uppercase(billing_address.city)"},
    "constants": {"note": "Mapped by Syncyard v1"},
}
EXPECTED_CHANGES = {"/billing_address/city": ("Amsterdam", "AMSTERDAM")}


async def _order(journey: Journey, sku: int) -> dict[str, Any]:
    return await journey.shop_order(
        email=f"diff.{sku}@example.nl",
        billing_address=address(),
        line_items=[line(sku, 1, "9.95")],
    )


async def _diff(journey: Journey, run_id: str, **params: Any) -> httpx.Response:
    url = f"{journey.urls.orchestrator}/v1/runs/{run_id}/mapping-diff"
    return await journey.api.get(url, params=params)


async def _logged_diff(journey: Journey, run_id: str) -> dict[str, Any]:
    """The diff once the logger has written the run's mapping step (it does so asynchronously;
    until then the answer is 409 ``run_not_mapped``)."""

    async def answered() -> dict[str, Any] | None:
        response = await _diff(journey, run_id)
        if response.status_code == 409:
            return None
        assert response.status_code == 200, response.text
        return dict(response.json())

    return dict(await eventually(answered))


def _changes(body: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {item["path"]: (item["before"], item["after"]) for item in body["changes"]}


def _assert_only_the_new_versions_fields(body: dict[str, Any]) -> None:
    changes = _changes(body)
    note = changes.pop("/note")
    assert note[1] == "Mapped by Syncyard v1"
    assert changes == EXPECTED_CHANGES
    assert body["would_send"]["mapping_version"] == 1
    assert body["would_send"]["record"]["note"] == "Mapped by Syncyard v1"
    assert body["is_unchanged"] is False


async def test_the_diff_shows_exactly_what_a_new_version_changes_and_a_replay_sends_it(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    known, unknown = unique_sku(), unique_sku()
    await journey.seed_articles({"articleNumber": known, "description": "Mug", "priceIncl": 995})
    done = await journey.finished_run((await _order(journey, known))["id"])
    refused = await _order(journey, unknown)
    failed = await journey.finished_run(refused["id"])
    assert done["state"] == "done", done["failure_reason"]
    assert (failed["state"], failed["failure_code"]) == ("failed", "products_missing")
    unchanged = await _logged_diff(journey, done["id"])
    assert (unchanged["changes"], unchanged["is_unchanged"]) == ([], True)

    mappings = f"{journey.urls.mapper}/v1/integrations/{journey.seeded.integration_id}/mappings"
    saved = await journey.api.put(f"{mappings}/orders", json=NEW_VERSION, params=PAIR)
    assert saved.status_code == 201, saved.text

    bodies = {}
    for run in (done, failed):
        bodies[run["state"]] = body = await _logged_diff(journey, run["id"])
        assert (body["run_state"], body["sent"]["mapping_version"]) == (run["state"], 0)
        _assert_only_the_new_versions_fields(body)
    assert bodies["done"]["replay"] is None  # only failed runs are retried
    replay = bodies["failed"]["replay"]
    assert replay == f"POST /v1/runs/{failed['id']}/retry"
    default = (await _diff(journey, done["id"], version=0)).json()
    assert (default["would_send"]["mapping_version"], default["is_unchanged"]) == (0, True)

    # The replay the diff names: a retry fetches the order again and maps it with the current
    # version.
    await journey.seed_articles({"articleNumber": unknown, "description": "Jar", "priceIncl": 995})
    method, path = replay.split(" ")
    retried = await journey.api.request(method, f"{journey.urls.orchestrator}{path}")
    assert retried.status_code == 202, retried.text
    [till_order] = await eventually(lambda: journey.till_orders(refused["id"]), timeout=60)
    assert till_order["invoiceAddress"]["city"] == "AMSTERDAM"

    async def replayed_diff() -> dict[str, Any] | None:  # the log is written asynchronously
        body = await _logged_diff(journey, failed["id"])
        is_logged = body["sent"]["mapping_version"] == 1 and body["run_state"] == "done"
        return body if is_logged else None

    replayed = await eventually(replayed_diff)
    assert replayed["sent"]["record"]["note"] == "Mapped by Syncyard v1"
    assert replayed["is_unchanged"] is True


async def test_unknown_version_another_tenant_and_bad_input_are_refused(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Cup", "priceIncl": 995})
    run = await journey.finished_run((await _order(journey, sku))["id"])
    token = tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=journey.system.jwt_secret)
    url = f"{journey.urls.orchestrator}/v1/runs/{run['id']}/mapping-diff"

    missing = await _diff(journey, run["id"], version=9)
    negative = await _diff(journey, run["id"], version=-1)
    unknown_run = await _diff(journey, str(uuid.uuid4()))
    stolen = await journey.plain.get(url, headers={"Authorization": f"Bearer {token}"})
    anonymous = await journey.plain.get(url)

    assert (missing.status_code, missing.json()["code"]) == (404, "mapping_version_not_found")
    assert (negative.status_code, negative.json()["field"]) == (422, "version")
    assert (unknown_run.status_code, unknown_run.json()["code"]) == (404, "run_not_found")
    assert (stolen.status_code, stolen.json()["code"]) == (404, "run_not_found")
    assert anonymous.status_code == 401


async def test_a_run_whose_mapping_failed_sent_nothing_and_the_fix_shows_what_it_would_send(
    new_journey: JourneyFactory,
) -> None:
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Vase", "priceIncl": 995})
    integration = journey.seeded.integration_id
    value_maps = f"{journey.urls.mapper}/v1/integrations/{integration}/value-maps"
    payment_methods = f"{value_maps}/payment_methods"
    strict = {"entries": {"manual": "CASH"}, "on_unmapped": "fail"}
    assert (await journey.api.put(payment_methods, json=strict)).status_code == 200
    order = await journey.shop_order(
        email=f"diff.{sku}@example.nl",
        billing_address=address(),
        line_items=[line(sku, 1, "9.95")],
        payment_gateway_names=["bitcoin"],
    )
    failed = await journey.finished_run(order["id"])
    assert (failed["state"], failed["failure_code"]) == ("failed", "mapping_failed")

    still_failing = await _logged_diff(journey, failed["id"])
    assert still_failing["sent"]["record"] is None
    assert still_failing["would_send"]["record"] is None
    assert [e["field"] for e in still_failing["would_send"]["errors"]] == ["payment_method"]
    assert still_failing["changes"] == []

    fixed = {**strict, "entries": {"manual": "CASH", "bitcoin": "OTHER"}}
    assert (await journey.api.put(payment_methods, json=fixed)).status_code == 200
    body = await _logged_diff(journey, failed["id"])
    assert body["would_send"]["errors"] == []
    assert {item["change"] for item in body["changes"]} == {"added"}
    assert _changes(body)["/payment_method"] == (None, "OTHER")
    assert body["replay"] == f"POST /v1/runs/{failed['id']}/retry"
