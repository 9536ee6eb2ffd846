"""A promised slot in an account's budget (a ticket), and how long it still has to wait.

The budget row counts the units it has handed out (``issued``) next to its balance
(``tokens``, negative while calls wait for later slots). Taking ``n`` units makes the row's
``issued`` the ticket's ``position``. Later, with the row refilled to now, the units still
missing before that position are ``position - issued - tokens``: everything taken after the
ticket queues behind it, and whatever changes the balance (a faster plan, a refusal, a
refund, a cancelled ticket) moves every waiting ticket alike. So a deferred command keeps its
turn while it waits in a delay queue, and its wait is recomputed from the account's current
figures when it comes back.

Pure: no I/O; the pacer reads the row and asks these functions."""

import json
from dataclasses import dataclass, replace

from syncyard_common.broker import topology

# The longest a command worker sleeps for a budget; anything longer leaves the worker (the
# message is deferred to a delay queue). It is the shortest delay tier: a deferred message
# cannot come back sooner, so sleeping this long costs the queue no more than a deferral
# would, and at most rate * 0.5 s + 1 workers of one account sleep at any moment.
LONGEST_SLEEP_IN_A_WORKER = topology.WAIT_DELAYS_SECONDS[0]
# Callers outside the command consumers (pollers, API requests) have no queue to wait in:
# they sleep for a turn up to this long (an API client's patience), else give it back.
LONGEST_SLEEP_OUTSIDE_A_WORKER = 30.0


@dataclass(frozen=True)
class BudgetState:
    """A budget row refilled to ``now`` (PostgreSQL's clock, epoch seconds)."""

    tokens: float
    issued: float
    capacity: float
    per_second: float
    now: float


@dataclass(frozen=True)
class Ticket:
    """``credit`` units for one command's calls, ready when ``position`` comes up; ``due`` is
    when that was expected (epoch seconds)."""

    account: str
    bucket: str
    position: float
    credit: float
    due: float

    def spend(self, cost: float) -> "Ticket | None":
        """The ticket after one call of ``cost``; None when nothing is left on it."""
        left = self.credit - cost
        return replace(self, credit=left) if left > 1e-9 else None

    def is_for(self, account: str, bucket: str) -> bool:
        return (self.account, self.bucket) == (account, bucket)


def wait_after_take(state: BudgetState) -> float:
    """Seconds until the units just taken are covered (0: now)."""
    return max(0.0, -state.tokens) / state.per_second


def wait_for(ticket: Ticket, state: BudgetState) -> float:
    """Seconds until ``ticket``'s position comes up, at the account's current rate."""
    missing = ticket.position - state.issued - state.tokens
    return max(0.0, missing) / state.per_second


def is_stale(ticket: Ticket, state: BudgetState) -> bool:
    """A ticket no longer worth anything: from another row (the position is ahead of the
    count), or so old that the bucket has refilled completely since its slot, forgiving the
    units it held."""
    refilled_after = ticket.due + state.capacity / state.per_second
    return ticket.position > state.issued + 1e-6 or state.now > refilled_after


def encode(ticket: Ticket | None) -> str | None:
    """The text that travels in the deferred message's header."""
    if ticket is None:
        return None
    fields = [ticket.account, ticket.bucket, ticket.position, ticket.credit, ticket.due]
    return json.dumps(fields, separators=(",", ":"))


def decode(text: str | None) -> Ticket | None:
    """A ticket from a header; None for none or anything unreadable (then it is just lost)."""
    if not text:
        return None
    try:
        account, bucket, position, credit, due = json.loads(text)
        return Ticket(str(account), str(bucket), float(position), float(credit), float(due))
    except (TypeError, ValueError):
        return None
