"""SharedPacer: a remote account's budget in PostgreSQL, shared by every connection and replica.

One atomic statement per call takes the units and says how long they wait. A short wait is
slept; a long one never is inside a command worker: the pacer raises a rate-limited
ConnectorTransientError, the consumer defers the message to a delay queue and frees the
worker, and the slot promised to the command (its ticket) travels with the message so that it
comes back to its own turn (see tickets.py and syncyard_common.broker.budget_hold). The
vendor's answers correct the row (plan, what is left, refusals), and a 429 becomes a ticket
too. Concurrency caps (one vendor allows 10 connections per API key) are split evenly over the
replicas."""

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import asdict

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import budget_hold
from syncyard_gateway.connectors.errors import ConnectorTransientError
from syncyard_gateway.connectors.pacing import Allowance, Call, Pacer, RatePolicy
from syncyard_gateway.request_budget import metrics, statements, tickets
from syncyard_gateway.request_budget.learning import worth_telling
from syncyard_gateway.request_budget.tickets import BudgetState, Ticket

MAIN_BUCKET = "calls"


def _state(row: Row[tuple[float, float, float, float, float]]) -> BudgetState:
    return BudgetState(
        tokens=float(row.tokens),
        issued=float(row.issued),
        capacity=float(row.capacity),
        per_second=float(row.per_second),
        now=float(row.now),
    )


class SharedPacer:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        account: str,
        policy: RatePolicy,
        slots: asyncio.Semaphore | None,
        bucket: str = MAIN_BUCKET,
    ) -> None:
        self.engine = engine
        self.account = account
        self.bucket_name = bucket
        self.policy = policy
        self._slots = slots

    def bucket(self, name: str, policy: RatePolicy) -> Pacer:
        # Another meter of the same account; concurrency caps belong to the account's calls.
        return SharedPacer(
            engine=self.engine, account=self.account, policy=policy, slots=None, bucket=name
        )

    @property
    def _key(self) -> str:
        return f"{self.account}#{self.bucket_name}"

    def _params(self) -> dict[str, object]:
        return {"account": self.account, "bucket": self.bucket_name}

    # --- the statements ---------------------------------------------------------------------
    async def _take(self, cost: float) -> BudgetState:
        params = self._params() | {
            "cost": cost,
            "capacity": float(self.policy.burst),
            "per_second": self.policy.per_second,
        }
        async with self.engine.begin() as connection:
            row = (await connection.execute(statements.TAKE, params)).one()
        state = _state(row)
        metrics.observe(self.account, tokens=state.tokens, capacity=state.capacity)
        return state

    async def _peek(self) -> BudgetState | None:
        async with self.engine.connect() as connection:
            row = (await connection.execute(statements.PEEK, self._params())).one_or_none()
        return _state(row) if row is not None else None

    async def _give_back(self, cost: float) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(statements.GIVE_BACK, self._params() | {"cost": cost})

    async def _tell(self, allowance: Allowance) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(statements.LEARN, self._params() | asdict(allowance))

    # --- one call ---------------------------------------------------------------------------
    async def _use_ticket(self, hold: budget_hold.BudgetHold, cost: float) -> BudgetState | None:
        """Spend the message's ticket for this budget, if it has one; the state, or None when
        there is none to spend (the caller takes units as usual)."""
        ticket = tickets.decode(hold.to_carry)
        if ticket is None or not ticket.is_for(self.account, self.bucket_name):
            return None
        state = await self._peek()
        if state is None or ticket.credit + 1e-9 < cost or tickets.is_stale(ticket, state):
            hold.to_carry = None
            return None
        wait = tickets.wait_for(ticket, state)
        if wait > tickets.LONGEST_SLEEP_IN_A_WORKER:  # back early: wait on, keep the ticket
            raise _deferred(self.account, wait)
        hold.to_carry = tickets.encode(ticket.spend(cost))
        await _sleep(wait)
        return state

    async def _defer(
        self, hold: budget_hold.BudgetHold, cost: float, state: BudgetState
    ) -> ConnectorTransientError:
        """Make the command's ticket: this call's units and, taken now too, the units of the
        calls it made before this one (they run again when it comes back)."""
        before = hold.spent.get(self._key, 0.0)
        if before:
            state = await self._take(before)
        wait = tickets.wait_after_take(state)
        due = state.now + wait
        ticket = Ticket(self.account, self.bucket_name, state.issued, before + cost, due)
        hold.to_carry = tickets.encode(ticket)
        return _deferred(self.account, wait)

    async def _admit(self, cost: float) -> BudgetState:
        """Wait (briefly) for ``cost`` units, or raise the deferral."""
        hold = budget_hold.current()
        state = await self._use_ticket(hold, cost) if hold is not None else None
        if state is None:
            state = await self._take(cost)
            wait = tickets.wait_after_take(state)
            if hold is not None and wait > tickets.LONGEST_SLEEP_IN_A_WORKER:
                raise await self._defer(hold, cost, state)
            if hold is None and wait > tickets.LONGEST_SLEEP_OUTSIDE_A_WORKER:
                await self._give_back(cost)
                raise _deferred(self.account, wait)
            await _sleep(wait)
        if hold is not None:
            hold.spent[self._key] = hold.spent.get(self._key, 0.0) + cost
        return state

    async def _refused(self, exc: ConnectorTransientError, cost: float) -> None:
        """A 429 (already told to the row): inside a worker, the command gets its ticket for
        the next free slot, so it comes back to that turn instead of to the vendor's figure."""
        hold = budget_hold.current()
        if hold is None:
            return
        spent = hold.spent.get(self._key, cost)  # this call included: it runs again too
        state = await self._take(spent)
        wait = max(tickets.wait_after_take(state), exc.retry_after or 0.0)
        ticket = Ticket(self.account, self.bucket_name, state.issued, spent, state.now + wait)
        hold.to_carry = tickets.encode(ticket)
        exc.retry_after = wait

    @asynccontextmanager
    async def request(self, *, cost: float = 1.0) -> AsyncIterator[Call]:
        call = Call()
        if self.policy.per_second is None:  # no rate at all: only the concurrency cap
            async with self._slot():
                yield call
            return
        taken = await self._admit(cost)
        admitted_at = asyncio.get_running_loop().time()
        told = False
        try:
            async with self._slot():
                yield call
        except ConnectorTransientError as exc:
            if exc.code == "rate_limited":
                if call.allowance is not None:
                    await self._tell(call.allowance)
                told = True
                await self._refused(exc, cost)
            raise
        finally:
            elapsed = asyncio.get_running_loop().time() - admitted_at
            if not told and call.allowance and worth_telling(call.allowance, taken, elapsed):
                await self._tell(call.allowance)

    def _slot(self) -> AbstractAsyncContextManager[object]:
        return self._slots if self._slots is not None else nullcontext()


async def _sleep(wait: float) -> None:
    # No zero sleep: a call with its unit in hand goes on without yielding to the loop.
    if wait > 0:
        await asyncio.sleep(wait)


def _deferred(account: str, wait: float) -> ConnectorTransientError:
    return ConnectorTransientError(
        f"The request budget of {account} is spent for now; the call waits {wait:.1f} s "
        "outside the workers.",
        retry_after=wait,
        code="rate_limited",
    )


class RequestBudgets:
    """Builds each connection's pacer on its account's budget; keeps one concurrency
    semaphore per account in this replica."""

    def __init__(self, *, engine: AsyncEngine, replicas: int) -> None:
        self.engine = engine
        self.replicas = max(1, replicas)
        self._slots: dict[str, asyncio.Semaphore] = {}

    def pacer(self, account: str, policy: RatePolicy) -> SharedPacer:
        slots = None
        if policy.max_concurrent is not None:
            slots = self._slots.get(account)
            if slots is None:
                # Each replica gets its share of the cap, at least one slot.
                share = max(1, math.floor(policy.max_concurrent / self.replicas))
                slots = self._slots[account] = asyncio.Semaphore(share)
        return SharedPacer(engine=self.engine, account=account, policy=policy, slots=slots)
