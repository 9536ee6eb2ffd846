"""Categories synced child-first: the subgroup waits for its group by itself, then goes under it."""

import uuid
from typing import Any

from tests.e2e.flows.pairs import PairFactory
from tests.fixtures.eventually import eventually


async def test_a_subgroup_changed_before_its_group_waits_for_it_and_ends_under_it(
    new_pair: PairFactory,
) -> None:
    pair = await new_pair("bigcommerce")
    parent_name, child_name = f"Fruit {uuid.uuid4().hex[:6]}", f"Apples {uuid.uuid4().hex[:6]}"
    # Both exist before the flow starts reading, so only the child's change is announced.
    parent_number = await pair.till.add_group(parent_name)
    child_number = await pair.till.add_group(child_name, parent=parent_number)
    await pair.tenant.activate("categories", source="mplus")
    await pair.tenant.feed_ready("mplus", "categories")

    await pair.till.touch("group", child_number)

    async def both_done() -> dict[str, dict[str, Any]] | None:
        runs = {run["entity_ref"]: run for run in await pair.tenant.runs("categories")}
        done = [runs.get(name, {}).get("state") == "done" for name in (parent_name, child_name)]
        return runs if all(done) else None

    runs = await eventually(both_done, timeout=20)
    [parent] = await eventually(lambda: pair.shop.categories(parent_name), timeout=10)
    [child] = await eventually(lambda: pair.shop.categories(child_name), timeout=10)
    assert str(child["parent_id"]) == str(parent["id"])

    # The child's own run waited (failed with the retryable code) and went again by itself.
    async def waited() -> bool:
        entries = await pair.tenant.log(runs[child_name]["id"])
        return any("has not been synced yet" in (e["message"] or "") for e in entries)

    assert await eventually(waited, timeout=10)
