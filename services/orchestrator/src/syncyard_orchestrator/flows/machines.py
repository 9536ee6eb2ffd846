"""One machine interface over every flow: the runner loads, decides and re-issues through it
without asking which flow a run belongs to. Pure."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows import flow_rules, orders
from syncyard_orchestrator.flows import records as record_flows
from syncyard_orchestrator.flows.run_base import FlowRun

AnyDecision = orders.Decision | record_flows.Decision


@dataclass(frozen=True)
class Incoming:
    """A message for a run, with the ids that order it and what the runner looked up."""

    message: Message
    event_id: uuid.UUID
    causation_id: uuid.UUID | None
    made_by_us_from: str | None = None  # see orders.FlowEvent; None for records
    booked_as: str | None = None  # see orders.FlowEvent; None for records
    target_statuses: frozenset[str] = frozenset()


class Machine(Protocol):
    # Whether a run can read back a record this integration wrote (the runner looks it up).
    reads_echoes: bool

    def load(self, state: dict[str, Any]) -> FlowRun: ...

    def decide(
        self,
        run: Any,
        settings: dict[str, Any],
        incoming: Incoming,
        *,
        command_id: uuid.UUID,
        now: datetime,
    ) -> AnyDecision: ...

    def reissue(
        self, run: Any, *, command_id: uuid.UUID, now: datetime, max_reissues: int
    ) -> AnyDecision: ...

    def why_not_retry(self, run: Any) -> str | None:
        """Why an operator cannot retry the run now, or None."""
        ...

    def retry(
        self,
        run: Any,
        settings: dict[str, Any],
        *,
        asked_by: str,
        command_id: uuid.UUID,
        now: datetime,
    ) -> AnyDecision: ...


class OrderMachine:
    reads_echoes = True

    def load(self, state: dict[str, Any]) -> orders.OrderRun:
        return orders.OrderRun.model_validate(state)

    def decide(
        self,
        run: orders.OrderRun,
        settings: dict[str, Any],
        incoming: Incoming,
        *,
        command_id: uuid.UUID,
        now: datetime,
    ) -> AnyDecision:
        event = orders.FlowEvent(
            id=incoming.event_id,
            message=incoming.message,
            causation_id=incoming.causation_id,
            made_by_us_from=incoming.made_by_us_from,
            booked_as=incoming.booked_as,
            target_statuses=incoming.target_statuses,
        )
        flow_settings = orders.OrderFlowSettings.model_validate(settings)
        return orders.decide(run, event, flow_settings, command_id=command_id, now=now)

    def reissue(
        self, run: orders.OrderRun, *, command_id: uuid.UUID, now: datetime, max_reissues: int
    ) -> AnyDecision:
        return orders.reissue(run, command_id=command_id, now=now, max_reissues=max_reissues)

    def why_not_retry(self, run: orders.OrderRun) -> str | None:
        if run.state is not orders.OrderFlowState.FAILED:
            return f"the run is {run.state.value}, not failed"
        return None

    def retry(
        self,
        run: orders.OrderRun,
        settings: dict[str, Any],
        *,
        asked_by: str,
        command_id: uuid.UUID,
        now: datetime,
    ) -> AnyDecision:
        ctx = orders.StepContext(
            settings=orders.OrderFlowSettings.model_validate(settings),
            command_id=command_id,
            now=now,
        )
        return orders.retry(run, ctx, asked_by=asked_by)


@dataclass(frozen=True)
class RecordMachine:
    rules: record_flows.EntityRules
    reads_echoes = False

    def load(self, state: dict[str, Any]) -> record_flows.RecordRun:
        return record_flows.RecordRun.model_validate(state)

    def decide(
        self,
        run: record_flows.RecordRun,
        settings: dict[str, Any],
        incoming: Incoming,
        *,
        command_id: uuid.UUID,
        now: datetime,
    ) -> AnyDecision:
        return record_flows.decide(
            self.rules,
            run,
            incoming.message,
            self.rules.settings_model.model_validate(settings),
            causation_id=incoming.causation_id,
            command_id=command_id,
            now=now,
        )

    def reissue(
        self,
        run: record_flows.RecordRun,
        *,
        command_id: uuid.UUID,
        now: datetime,
        max_reissues: int,
    ) -> AnyDecision:
        return record_flows.reissue(run, command_id=command_id, now=now, max_reissues=max_reissues)

    def why_not_retry(self, run: record_flows.RecordRun) -> str | None:
        return record_flows.can_retry(run)

    def retry(
        self,
        run: record_flows.RecordRun,
        settings: dict[str, Any],
        *,
        asked_by: str,
        command_id: uuid.UUID,
        now: datetime,
    ) -> AnyDecision:
        model = self.rules.settings_model.model_validate(settings)
        ctx = record_flows.StepContext(settings=model, command_id=command_id, now=now)
        return record_flows.retry(self.rules, run, ctx, asked_by=asked_by)


ORDERS = OrderMachine()


def machine_for(flow: str) -> Machine:
    """The machine that runs ``flow`` (orders, or a record flow with its rules)."""
    return ORDERS if flow == orders.FLOW else RecordMachine(flow_rules.rules_for(flow))
