"""One order is one trace: from the shop's webhook through all five services and every remote
call, exported over OTLP/HTTP to a receiver, with the ids it works for on its spans."""

from collections import Counter

from tests.e2e.journey import JourneyFactory, address, line, unique_sku
from tests.fixtures.eventually import eventually
from tests.fixtures.otlp import OtlpReceiver, ReceivedSpan

SERVER, CLIENT = 2, 3  # OTLP span kinds
# The services by their service.name; the notifier takes part (it hears of the run's end).
TRACED = {"connector-gateway", "orchestrator", "mapper", "logger", "notifier"}


async def test_one_order_is_one_trace_across_the_services_and_remote_calls(
    new_journey: JourneyFactory, span_receiver: OtlpReceiver
) -> None:
    """The session's services export to ``span_receiver`` (tests/fixtures/system.py)."""
    receiver = span_receiver
    journey = await new_journey()
    sku = unique_sku()
    await journey.seed_articles({"articleNumber": sku, "description": "Tea", "priceIncl": 450})
    order = await journey.shop_order(
        email=f"t.{sku}@example.nl",
        billing_address=address(),
        line_items=[line(sku, 2, "4.50")],
    )
    run = await journey.finished_run(order["id"])
    assert run["state"] == "done", (run["failed_step"], run["failure_reason"])

    def of_run() -> list[ReceivedSpan]:
        return [
            s for s in receiver.store.snapshot() if s.attributes.get("syncyard.run_id") == run["id"]
        ]

    async def whole_trace() -> list[ReceivedSpan] | None:
        spans = of_run()
        if not spans:
            return None
        trace_ids = {s.trace_id for s in spans}
        assert len(trace_ids) == 1, Counter((s.service, s.trace_id) for s in spans)
        trace = [s for s in receiver.store.snapshot() if s.trace_id in trace_ids]
        ids = {s.span_id for s in trace}
        services = {s.service for s in trace}
        complete = all(not s.parent_span_id or s.parent_span_id in ids for s in trace)
        return trace if complete and services >= TRACED else None

    trace = await eventually(whole_trace, timeout=30)
    print(  # noqa: T201 - shown with -s
        f"{len(trace)} spans in one trace: {dict(Counter(s.service for s in trace))}"
    )
    [root] = [s for s in trace if not s.parent_span_id]
    assert (root.service, root.kind) == ("connector-gateway", SERVER)
    assert root.attributes["syncyard.connection_id"]
    assert root.attributes["syncyard.tenant_id"] == str(journey.seeded.tenant_id)
    # Every remote call of the order: the shop read and the till's writes, as client spans.
    remote = [s for s in trace if s.kind == CLIENT]
    assert remote
    assert {s.service for s in remote} == {"connector-gateway"}
    assert len({s.attributes["server.port"] for s in remote}) >= 2, remote  # shop and till
    consumed = [s for s in trace if s.name.startswith("consume ")]
    assert {s.service for s in consumed} == TRACED
    for span in consumed:
        assert span.attributes["syncyard.tenant_id"] == str(journey.seeded.tenant_id)
    assert any(s.attributes.get("syncyard.integration_id") for s in consumed)
    # No personal data: the customer's address never reaches an attribute.
    assert not any(f"t.{sku}@example.nl" in str(s.attributes) for s in trace)
