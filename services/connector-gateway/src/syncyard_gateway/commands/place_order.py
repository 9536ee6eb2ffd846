"""Place one order in a target in a single command: exists? SKUs known? debtor, then create.

Every look-up and write of the order runs here in a row, with no broker round trip between
them (the orchestrator decides nothing in between). Each sub-step is reported to the activity
log. Nothing is written before the existence check and the SKU check pass, and a repeat of
the whole command is safe: the existence check by external reference (R11), the debtor's
look-up by e-mail and the create's idempotency key (R12) make every sub-step idempotent."""

import time
from collections.abc import Awaitable
from typing import Any, TypeVar

from syncyard_common.canonical.order_checks import Verdict, check_order
from syncyard_common.messages import orders
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.orders import PlacementOutcome
from syncyard_gateway.commands.outcome import FailedAtStep, Outcome, require, unsupported
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorError

T = TypeVar("T")


class _Journal:
    """The sub-steps done so far, as audit entries with their durations."""

    def __init__(self, command: orders.PlaceOrderV1) -> None:
        self.command = command
        self.entries: list[StepRecordedV1] = []

    async def call(self, step: str, work: Awaitable[T]) -> tuple[T, float]:
        """Run one sub-step; a refusal names the step and keeps the entries before it."""
        started = time.perf_counter()
        try:
            value = await work
        except ConnectorError as exc:
            if exc.kind is None:  # transient: the whole command is retried, nothing to report
                raise
            self.record(step, StepOutcome.FAILED, exc.reason, started, None)
            raise FailedAtStep(step, exc, tuple(self.entries)) from exc
        return value, started

    def record(
        self,
        step: str,
        outcome: StepOutcome,
        text: str,
        started: float,
        response: dict[str, Any] | None,
        *,
        sent: dict[str, Any] | None = None,
    ) -> None:
        self.entries.append(
            StepRecordedV1(
                step=step,
                outcome=outcome,
                entity_ref=self.command.order.number or self.command.external_reference,
                connection_id=self.command.connection_id,
                message=text,
                sent_payload=sent,
                response_payload=response,
                duration_ms=(time.perf_counter() - started) * 1000,
            )
        )


async def place_order(connector: base.Connector, command: orders.PlaceOrderV1) -> Outcome:
    require(connector, base.Entity.ORDERS, "write")
    if not isinstance(connector, base.OrderTarget) or not isinstance(connector, base.SkuLookup):
        raise unsupported(connector, "create orders")
    if command.customer is not None and not isinstance(connector, base.CustomerTarget):
        raise unsupported(connector, "create or update customers")
    journal = _Journal(command)
    verdict = _check(connector, command, journal)
    order, reference, customer = verdict.order, command.external_reference, verdict.customer
    number = order.number or reference

    found, started = await journal.call("find_order", connector.find_order(reference))
    if found is not None:
        text = f"order {number} already exists in the target as {found}"
        journal.record("find_order", StepOutcome.SKIPPED, text, started, {"order_id": found})
        return _placed(journal, PlacementOutcome.EXISTS, target_order_id=found)
    text = f"order {number} does not exist in the target yet"
    journal.record("find_order", StepOutcome.OK, text, started, {"order_id": None})

    skus = order.skus
    product_ids, started = await journal.call(
        "check_products", connector.find_products_by_sku(skus)
    )
    missing = [sku for sku in skus if sku not in product_ids]
    if missing:  # the flow decides: fail with the SKUs, or wait for them; nothing is written
        return _placed(journal, PlacementOutcome.PRODUCTS_MISSING, missing_skus=missing)
    text = f"all {len(skus)} products exist in the target"
    journal.record("check_products", StepOutcome.OK, text, started, {"found": product_ids})

    customer_id, customer_created = command.default_debtor_id, None
    if customer is not None:
        assert isinstance(connector, base.CustomerTarget)
        upserted, started = await journal.call(
            "upsert_customer", connector.upsert_customer(customer, existing_id=None)
        )
        customer_id, customer_created = upserted.customer_id, upserted.was_created
        verb = "created" if upserted.was_created else "found by e-mail and brought up to date"
        journal.record(
            "upsert_customer",
            StepOutcome.OK,
            f"debtor {upserted.customer_id} ({customer.email}) {verb} in the target",
            started,
            {"customer_id": upserted.customer_id, "was_created": upserted.was_created},
            sent=customer.model_dump(mode="json"),
        )

    options = orders.OrderCreateOptions(
        employee_number=command.employee_number,
        customer_id=customer_id,
        product_ids={sku: product_ids[sku] for sku in skus},
    )
    created, started = await journal.call(
        "create_order",
        connector.create_order(
            order,
            external_reference=reference,
            idempotency_key=command.idempotency_key,
            options=options,
        ),
    )
    replayed = " (answered from an earlier identical request)" if created.was_replayed else ""
    journal.record(
        "create_order",
        StepOutcome.OK,
        f"order {number} created in the target as {created.target_order_id}{replayed}",
        started,
        {"target_order_id": created.target_order_id, "was_replayed": created.was_replayed},
        sent={"order": order.model_dump(mode="json"), "options": options.model_dump(mode="json")},
    )
    return _placed(
        journal,
        PlacementOutcome.CREATED,
        target_order_id=created.target_order_id,
        customer_id=customer_id,
        customer_created=customer_created,
        product_ids=options.product_ids,
        was_replayed=created.was_replayed,
        booking_notes=verdict.notes,
    )


def _check(connector: base.Connector, command: orders.PlaceOrderV1, journal: _Journal) -> Verdict:
    """Can the target hold the order as it is? Every problem at once, before any call."""
    started = time.perf_counter()
    verdict = check_order(
        command.order,
        connector.capabilities.order_limits,
        target=connector.title,
        currency=connector.order_currency(),
        rules=command.booking,
        customer=command.customer,
    )
    number = command.order.number or command.external_reference
    if verdict.problems:
        problems = [vars(problem) for problem in verdict.problems]
        journal.record(
            "check_order", StepOutcome.FAILED, verdict.reason, started, {"problems": problems}
        )
        error = ConnectorDataError(verdict.reason, code=verdict.problems[0].code)
        raise FailedAtStep("check_order", error, tuple(journal.entries))
    notes = "; ".join(verdict.notes)
    text = f"order {number} can be booked in {connector.title}" + (f": {notes}" if notes else "")
    response = {"notes": verdict.notes, "difference": verdict.difference}
    journal.record("check_order", StepOutcome.OK, text, started, response)
    return verdict


def _placed(journal: _Journal, outcome: PlacementOutcome, **fields: Any) -> Outcome:
    command = journal.command
    result = orders.OrderPlacedV1(
        external_reference=command.external_reference, outcome=outcome, **fields
    )
    return Outcome(result, command.order.number or command.external_reference, journal.entries)
