"""Inside a command worker the pacer never sleeps long: it defers with a ticket that keeps the
command's turn, and the vendor's answers correct the shared budget row."""

import asyncio
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_common.broker import budget_hold
from syncyard_gateway.connectors.errors import ConnectorTransientError
from syncyard_gateway.connectors.pacing import Allowance, RatePolicy
from syncyard_gateway.request_budget import tickets
from syncyard_gateway.request_budget.pacer import RequestBudgets, SharedPacer
from tests.integration.gateway.conftest import RunningGateway

POLICY = RatePolicy(per_second=2.0, burst=2)


@contextmanager
def handling(carried: str | None = None) -> Iterator[budget_hold.BudgetHold]:
    """One message being handled by a consumer, carrying ``carried``."""
    hold, token = budget_hold.enter(carried)
    try:
        yield hold
    finally:
        budget_hold.leave(token)


def new_pacer(gateway: RunningGateway, policy: RatePolicy = POLICY) -> SharedPacer:
    return RequestBudgets(engine=gateway.engine, replicas=1).pacer(f"test:{uuid.uuid4()}", policy)


async def call(pacer: SharedPacer) -> None:
    async with pacer.request():
        pass


async def issued(gateway: RunningGateway, pacer: SharedPacer) -> float:
    value = await gateway.scalar(
        "SELECT issued FROM gateway.request_budget WHERE account_key = :account",
        account=pacer.account,
    )
    assert isinstance(value, float)
    return value


async def test_a_long_wait_in_a_worker_is_deferred_with_a_ticket_not_slept(
    gateway: RunningGateway,
) -> None:
    pacer = new_pacer(gateway, RatePolicy(per_second=1.0, burst=2))
    for _ in range(2):  # the bucket's two
        with handling():
            await call(pacer)
    with handling() as hold:  # the third's slot is a second away
        started = time.monotonic()
        with pytest.raises(ConnectorTransientError) as caught:
            await call(pacer)
        assert time.monotonic() - started < 0.4  # no sleep: the worker is free at once
    assert caught.value.code == "rate_limited"
    assert caught.value.retry_after == pytest.approx(1.0, abs=0.15)
    ticket = tickets.decode(hold.to_carry)
    assert ticket is not None
    assert (ticket.account, ticket.credit) == (pacer.account, 1.0)
    assert ticket.position == await issued(gateway, pacer)


async def test_a_deferred_command_keeps_its_turn_and_spends_no_new_unit(
    gateway: RunningGateway,
) -> None:
    pacer = new_pacer(gateway, RatePolicy(per_second=1.0, burst=1))
    await call(pacer)  # the bucket's one unit
    with handling() as first, pytest.raises(ConnectorTransientError):
        await call(pacer)  # its slot is a second away: deferred
    carried = first.to_carry
    for _ in range(6):  # six more commands queue behind it (deferred too)
        with handling(), pytest.raises(ConnectorTransientError):
            await call(pacer)
    counted = await issued(gateway, pacer)
    # Back early: it waits on, with the same ticket and only its own remaining wait (not 7 s).
    with handling(carried) as early, pytest.raises(ConnectorTransientError) as caught:
        await call(pacer)
    assert early.to_carry == carried
    assert caught.value.retry_after is not None
    assert caught.value.retry_after <= 1.0
    ticket = tickets.decode(carried)
    assert ticket is not None
    await asyncio.sleep(max(0.0, ticket.due - time.time()))
    with handling(carried) as back:
        await call(pacer)  # its turn: through, on its ticket
    assert back.to_carry is None
    assert await issued(gateway, pacer) == counted  # no unit taken twice


async def test_a_ticket_covers_the_calls_the_command_made_before_the_deferral(
    gateway: RunningGateway,
) -> None:
    pacer = new_pacer(gateway, RatePolicy(per_second=4.0, burst=10))
    with handling() as hold:
        await call(pacer)
        await call(pacer)
        async with pacer.request() as answered:  # the third call's answer: "empty for 1 s"
            answered.learn(Allowance(empty_for=1.0))
        with pytest.raises(ConnectorTransientError):
            await call(pacer)  # deferred: the redo makes all four calls again
    ticket = tickets.decode(hold.to_carry)
    assert ticket is not None
    assert ticket.credit == 4.0
    counted = await issued(gateway, pacer)
    await asyncio.sleep(max(0.0, ticket.due - time.time()))
    with handling(hold.to_carry) as redo:
        for _ in range(4):
            await call(pacer)
        assert redo.to_carry is None
        assert await issued(gateway, pacer) == counted  # four calls on the ticket
        await call(pacer)  # a fifth is a new unit
    assert await issued(gateway, pacer) == counted + 1


async def test_a_refusal_told_by_the_vendor_makes_the_next_calls_wait(
    gateway: RunningGateway,
) -> None:
    pacer = new_pacer(gateway, RatePolicy(per_second=10.0, burst=10))
    async with pacer.request() as answered:
        answered.learn(Allowance(empty_for=1.5))
    with handling(), pytest.raises(ConnectorTransientError) as caught:
        await call(pacer)  # in a worker: deferred for the vendor's time
    assert caught.value.retry_after is not None
    assert caught.value.retry_after >= 1.3
    started = time.monotonic()
    await call(pacer)  # outside a worker (an API call): slept
    assert time.monotonic() - started >= 1.2


async def test_a_429_inside_a_worker_becomes_a_ticket_for_the_command(
    gateway: RunningGateway,
) -> None:
    pacer = new_pacer(gateway, RatePolicy(per_second=10.0, burst=10))

    async def refused_call() -> None:
        async with pacer.request() as answered:
            answered.learn(Allowance(empty_for=2.0))
            raise ConnectorTransientError("429", retry_after=2.0, code="rate_limited")

    with handling() as hold:
        await call(pacer)
        with pytest.raises(ConnectorTransientError) as caught:
            await refused_call()
    ticket = tickets.decode(hold.to_carry)
    assert ticket is not None
    assert ticket.credit == 2.0
    assert caught.value.retry_after is not None
    assert caught.value.retry_after >= 2.0


async def test_a_plan_learned_by_one_replica_paces_every_replica(
    gateway: RunningGateway,
) -> None:
    account = f"test:{uuid.uuid4()}"
    second_engine = create_async_engine(gateway.settings.database_url)
    try:
        one = RequestBudgets(engine=gateway.engine, replicas=2).pacer(account, POLICY)
        other = RequestBudgets(engine=second_engine, replicas=2).pacer(account, POLICY)
        async with one.request() as answered:
            answered.learn(Allowance(capacity=400.0, per_second=20.0, available=399.0))
        started = time.monotonic()
        await asyncio.gather(*(call(other) for _ in range(100)))  # the guess allows 2
        assert time.monotonic() - started < 3.0
    finally:
        await second_engine.dispose()
    rate = await gateway.scalar(
        "SELECT per_second FROM gateway.request_budget WHERE account_key = :account",
        account=account,
    )
    assert rate == 20.0
