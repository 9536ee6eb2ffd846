"""One sample record taken through its flow's real ``decide``: answers come from look-ups.

Pure: no I/O, no clock, no random ids. The dry-run service reads the samples, the mapping
and the look-ups, and feeds them in; the flow decides exactly as in a real run, and the
first write it would send ends the trial (nothing is ever sent)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from syncyard_common.canonical import Customer, Order
from syncyard_common.messages import connector_errors, mapping, products, records
from syncyard_common.messages import orders as order_messages
from syncyard_common.messages.connector_errors import ConnectorErrorKind
from syncyard_common.messages.envelope import Message
from syncyard_common.messages.orders import OrderFetchedV1
from syncyard_orchestrator.dry_run import lookups, placement, verdicts
from syncyard_orchestrator.dry_run.schemas import FieldProblem, RecordDecision
from syncyard_orchestrator.flows import machines, orders
from syncyard_orchestrator.flows import records as record_flows
from syncyard_orchestrator.integrations import connector_capabilities

MAX_STEPS = 12  # the longest flow (orders) takes seven; more means a loop


class Machine(Protocol):
    def step(self, run: Any, message: Message, *, command_id: uuid.UUID, now: datetime) -> Any:
        """The flow's decision on ``message`` as the answer to the run's pending command."""
        ...


def _answer(
    machine: machines.Machine,
    settings: BaseModel,
    run: Any,
    message: Message,
    target_statuses: frozenset[str] = frozenset(),
    **ids: Any,
) -> Any:
    """The real run machine's decision, as if ``message`` answered the pending command."""
    incoming = machines.Incoming(
        message=message,
        event_id=ids["command_id"],
        causation_id=run.pending_command_id,
        target_statuses=target_statuses,
    )
    return machine.decide(run, settings.model_dump(mode="json"), incoming, **ids)


@dataclass(frozen=True)
class RecordMachine:
    rules: record_flows.EntityRules
    settings: BaseModel

    def step(self, run: Any, message: Message, *, command_id: uuid.UUID, now: datetime) -> Any:
        machine = machines.RecordMachine(self.rules)
        return _answer(machine, self.settings, run, message, command_id=command_id, now=now)


@dataclass(frozen=True)
class OrderMachine:
    settings: orders.OrderFlowSettings

    def step(self, run: Any, message: Message, *, command_id: uuid.UUID, now: datetime) -> Any:
        # What the target's connector can be told, for a later change of a booked order.
        statuses = connector_capabilities.order_statuses(run.target_connector)
        return _answer(
            machines.ORDERS, self.settings, run, message, statuses, command_id=command_id, now=now
        )


@dataclass
class Trial:
    direction: str
    source: dict[str, Any]
    machine: Machine
    run: Any
    mapped: dict[str, Any] | None = None
    mapping_version: int | None = None
    errors: list[FieldProblem] = field(default_factory=list)
    waiting_for: Message | None = None  # the mapping or look-up the run waits on
    decision: RecordDecision | None = None
    steps: list[str] = field(default_factory=list)  # writes decided on the way (a customer)
    placing: Any = None  # the order's placing command, while its look-ups are asked one by one
    last_text: str | None = None
    step_count: int = 0

    @property
    def needs_mapping(self) -> bool:
        return isinstance(self.waiting_for, mapping.MapRecordV1)

    @property
    def needs_check(self) -> bool:
        """The placing command's first sub-step: can the target hold the order as it is?"""
        return self.decision is None and self.placing is not None and self.waiting_for is None

    @property
    def lookup(self) -> lookups.Lookup | None:
        return None if self.decision is not None else lookups.lookup_of(self.waiting_for)


@dataclass(frozen=True)
class Sides:
    """Who is read and who is written in the direction tried."""

    integration_id: uuid.UUID
    tenant_id: uuid.UUID
    direction: str
    source_connection_id: uuid.UUID
    source_connector: str
    target_connection_id: uuid.UUID
    target_connector: str


def source_id_of(record: dict[str, Any]) -> str:
    """The record's id in its source (as the gateway announces it; SKU for stock levels)."""
    return next((str(record[k]) for k in ("source_id", "id", "sku") if record.get(k)), "")


def start_record(
    sides: Sides,
    machine: RecordMachine,
    record: dict[str, Any],
    *,
    run_id: uuid.UUID,
    links: dict[str, str],
    found_id: str | None,
    now: datetime,
) -> Trial:
    """The record arrives as a change would (screened by the flow's filters), then waits."""
    run = record_flows.RecordRun(
        id=run_id,
        tenant_id=sides.tenant_id,
        integration_id=sides.integration_id,
        flow=machine.rules.flow,
        source_connection_id=sides.source_connection_id,
        target_connection_id=sides.target_connection_id,
        source_connector=sides.source_connector,
        target_connector=sides.target_connector,
        source_id=source_id_of(record) or "?",
        links=links,
        found_id=found_id,
    )
    trial = Trial(direction=sides.direction, source=record, machine=machine, run=run)
    changed = records.RecordChangedV1(
        connection_id=sides.source_connection_id,
        entity=machine.rules.entity,  # type: ignore[arg-type]
        source_id=run.source_id,
        record=record,
        topic="dry run",
        source_event_key=f"dry-run:{run_id}",
    )
    _advance(trial, changed, now)
    return trial


def start_order(
    sides: Sides, machine: OrderMachine, record: dict[str, Any], *, run_id: uuid.UUID, now: datetime
) -> Trial:
    """The sample order arrives as the fetch step's answer would."""
    run = orders.OrderRun(
        id=run_id,
        tenant_id=sides.tenant_id,
        integration_id=sides.integration_id,
        state=orders.OrderFlowState.FETCHING,
        source_connection_id=sides.source_connection_id,
        target_connection_id=sides.target_connection_id,
        source_connector=sides.source_connector,
        target_connector=sides.target_connector,
        source_order_id=source_id_of(record) or "?",
        pending_command_id=uuid.uuid5(run_id, "fetch"),
    )
    trial = Trial(direction=sides.direction, source=record, machine=machine, run=run)
    try:
        order = Order.model_validate(record)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = f"the source record is not a valid order: {where}: {first['msg']}"
        trial.decision = RecordDecision(action="fail", reason=reason, code="fetched_order_invalid")
        return trial
    _advance(trial, OrderFetchedV1(order=order), now)
    return trial


def mapped(trial: Trial, result: Any, *, mapping_id: str, version: int, now: datetime) -> None:
    """Feed the mapper's preview of the record (``output`` and ``errors``) to the run."""
    trial.mapping_version = version
    trial.errors = list(result.errors)
    message: Message
    if result.output is not None and not result.errors:
        trial.mapped = dict(result.output)
        message = mapping.RecordMappedV1(
            record=trial.mapped, mapping_id=mapping_id, mapping_version=version
        )
    else:
        first = trial.errors[0] if trial.errors else FieldProblem(reason="no output")
        message = mapping.RecordMappingFailedV1(
            mapping_id=mapping_id, mapping_version=version, field=first.field, reason=first.reason
        )
    _advance(trial, message, now)


def mapping_unavailable(trial: Trial, reason: str, *, now: datetime) -> None:
    """No mapping for the pair: the run would fail at its map step with the mapper's reason."""
    message = mapping.RecordMappingFailedV1(
        mapping_id="none", mapping_version=0, field=None, reason=reason
    )
    _advance(trial, message, now)


def answered(trial: Trial, answers: lookups.Answers, *, now: datetime) -> None:
    """Feed the target's answers to the look-up the run waits on."""
    assert trial.waiting_for is not None
    answer = lookups.answer(trial.waiting_for, answers)
    if trial.placing is None:
        _advance(trial, answer, now)
        return
    command: order_messages.PlaceOrderV1 = trial.placing
    following = placement.after(command, answer)
    if isinstance(answer, products.ProductsCheckedV1) and following is not None:
        trial.last_text = f"all {len(command.order.skus)} products exist in the target"
    if isinstance(following, order_messages.OrderPlacedV1):  # it would stop before writing
        trial.placing = None
        _advance(trial, following, now)
    elif following is not None:
        trial.waiting_for = following
    else:
        trial.placing = None
        step = placement.customer_step(command, answer)
        steps = [*trial.steps, step] if step else trial.steps
        trial.decision = verdicts.write(trial.run, command, trial.last_text, steps)


def checked(trial: Trial, verdict: dict[str, Any], *, now: datetime) -> None:
    """The target's check of the order: the run fails at check_order as a real one would, or
    its look-ups go on with the order (and debtor) as the target would book them."""
    command: order_messages.PlaceOrderV1 = trial.placing
    problems = verdict.get("problems") or []
    if problems:
        trial.placing = None
        failure = connector_errors.CommandFailedV1(
            command_type=command.type,
            kind=ConnectorErrorKind.DATA,
            code=str(problems[0]["code"]),
            reason="; ".join(str(problem["reason"]) for problem in problems),
            step="check_order",
        )
        _advance(trial, failure, now)
        return
    customer = verdict.get("customer")
    booked = command.model_copy(
        update={
            "order": Order.model_validate(verdict["order"]),
            "customer": Customer.model_validate(customer) if customer else None,
        }
    )
    trial.placing = booked
    trial.steps = [*trial.steps, *(f"booking: {note}" for note in verdict.get("notes") or [])]
    trial.waiting_for = placement.first_question(booked)


def _advance(trial: Trial, message: Message, now: datetime) -> None:
    trial.step_count += 1
    trial.waiting_for = None
    if trial.step_count > MAX_STEPS:
        trial.decision = RecordDecision(action="fail", reason="the flow did not come to an end")
        return
    command_id = uuid.uuid5(trial.run.id, f"step-{trial.step_count}")
    decision = trial.machine.step(trial.run, message, command_id=command_id, now=now)
    if not decision.changed:
        reason = f"the flow ignored {type(message).__name__} in state {trial.run.state}"
        trial.decision = RecordDecision(action="fail", reason=reason)
        return
    trial.run = decision.run
    if decision.audit:
        trial.last_text = decision.audit[-1].message
    _settle(trial, decision.command, getattr(decision, "wake_at", None))


def _settle(trial: Trial, command: Message | None, wake_at: datetime | None) -> None:
    if wake_at is not None:
        trial.decision = verdicts.waiting(trial.last_text, trial.steps)
    elif trial.run.is_terminal:
        trial.decision = verdicts.ended(trial.run, trial.last_text, trial.steps)
    elif isinstance(command, mapping.MapRecordV1) or lookups.lookup_of(command) is not None:
        trial.waiting_for = command
    elif isinstance(command, order_messages.PlaceOrderV1):
        trial.placing = command  # first checked against the target (``checked``)
    elif isinstance(command, order_messages.FetchOrderV1):  # a booked order would be changed
        trial.decision = verdicts.order_update(trial.run, trial.last_text, trial.steps)
    elif command is not None:
        trial.decision = verdicts.write(trial.run, command, trial.last_text, trial.steps)
    else:
        trial.decision = RecordDecision(action="fail", reason="the flow sent nothing")
