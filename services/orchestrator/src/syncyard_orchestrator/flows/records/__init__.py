"""The record flows (products, stock, customers, categories): one machine, rules per entity."""

from syncyard_orchestrator.flows.records._decide import decide, reissue
from syncyard_orchestrator.flows.records._model import (
    FLOW_VERSION,
    STEP_OF_STATE,
    TERMINAL_STATES,
    Decision,
    EntityLink,
    RecordFlowState,
    RecordRun,
    StepContext,
)
from syncyard_orchestrator.flows.records._retry import can_retry, retry
from syncyard_orchestrator.flows.records.rules import EntityRules, Plan

__all__ = [
    "FLOW_VERSION",
    "STEP_OF_STATE",
    "TERMINAL_STATES",
    "Decision",
    "EntityLink",
    "EntityRules",
    "Plan",
    "RecordFlowState",
    "RecordRun",
    "StepContext",
    "can_retry",
    "decide",
    "reissue",
    "retry",
]
