"""What a message keeps of a remote budget while it waits outside the workers.

A handler that must wait for a remote account's budget does not sleep: it raises a
rate-limited TransientError and the consumer defers the message to a delay queue. The slot the
handler was promised (a reservation, opaque text to the broker) goes with the message in a
header, so that it comes back to its own turn instead of queueing again at the end. The
consumer puts a BudgetHold in a context variable around the handler; the code that paces
remote calls reads it, spends it, or replaces it when it defers again."""

from contextvars import ContextVar, Token
from dataclasses import dataclass, field

HEADER = "x-syncyard-budget-hold"


@dataclass
class BudgetHold:
    """One handling of one message: the reservation to carry if the message is deferred now
    (None: nothing), and what this handling has spent so far per budget."""

    to_carry: str | None = None
    spent: dict[str, float] = field(default_factory=dict)


_current: ContextVar[BudgetHold | None] = ContextVar("syncyard_budget_hold", default=None)


def current() -> BudgetHold | None:
    """The hold of the message being handled; None outside a consumer (API calls, pollers)."""
    return _current.get()


def enter(carried: object) -> tuple[BudgetHold, Token[BudgetHold | None]]:
    """Before one handler call: the hold starts with what the message carried (a header)."""
    if isinstance(carried, bytes):
        carried = carried.decode(errors="replace")
    hold = BudgetHold(to_carry=str(carried) if carried else None)
    return hold, _current.set(hold)


def leave(token: Token[BudgetHold | None]) -> None:
    """After the handler call (whatever its outcome)."""
    _current.reset(token)
