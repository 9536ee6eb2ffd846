"""The order flow (source → target) as a pure state machine: ``decide(run, event, …)``."""

from syncyard_orchestrator.flows.orders._customer import customer_from_order, order_email
from syncyard_orchestrator.flows.orders._decide import TRANSITIONS, decide, reissue
from syncyard_orchestrator.flows.orders._model import (
    FLOW,
    FLOW_VERSION,
    STEP_OF_STATE,
    TERMINAL_STATES,
    Decision,
    FlowEvent,
    OrderFlowSettings,
    OrderFlowState,
    OrderRun,
)
from syncyard_orchestrator.flows.orders._outcomes import (
    StepContext,
    create_order_key,
    external_reference,
)
from syncyard_orchestrator.flows.orders._retry import retry
from syncyard_orchestrator.flows.orders._update import change_for

__all__ = [
    "FLOW",
    "FLOW_VERSION",
    "STEP_OF_STATE",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Decision",
    "FlowEvent",
    "OrderFlowSettings",
    "OrderFlowState",
    "OrderRun",
    "StepContext",
    "change_for",
    "create_order_key",
    "customer_from_order",
    "decide",
    "external_reference",
    "order_email",
    "reissue",
    "retry",
]
