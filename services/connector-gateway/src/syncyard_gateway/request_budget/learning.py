"""Whether an answer's figures are worth a write to the shared budget row (pure).

Most answers only confirm what the row already says (the vendor's count and ours move
together); writing them would double the statements per call for nothing."""

from syncyard_gateway.connectors.pacing import Allowance
from syncyard_gateway.request_budget.tickets import BudgetState

# Below this the vendor's and our figures are the same (one call's worth, rounding, timing).
_SLACK_UNITS = 1.0
_SLACK_SHARE = 0.01


def _differs(said: float | None, known: float) -> bool:
    return said is not None and abs(said - known) > _SLACK_SHARE * max(abs(known), 1e-9)


def worth_telling(allowance: Allowance, taken: BudgetState, elapsed: float) -> bool:
    """True when the answer changes the row: another plan, a refusal, a refund, or the vendor
    counting less left than we can have (``taken`` is the row as of our call, ``elapsed``
    seconds ago; other calls since only lowered it, so our figure is an upper bound)."""
    if _differs(allowance.capacity, taken.capacity):
        return True
    if _differs(allowance.per_second, taken.per_second):
        return True
    if allowance.empty_for is not None or allowance.refund:
        return True
    if allowance.available is None:
        return False
    ours = min(taken.capacity, taken.tokens + max(0.0, elapsed) * taken.per_second)
    return allowance.available < ours - _SLACK_UNITS
