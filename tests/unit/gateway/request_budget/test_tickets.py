"""A promised slot keeps its turn while its command waits outside the workers."""

import pytest

from syncyard_gateway.request_budget import tickets
from syncyard_gateway.request_budget.tickets import BudgetState, Ticket

pytestmark = pytest.mark.unit


def state(
    tokens: float, issued: float, *, per_second: float = 2.0, now: float = 100.0
) -> BudgetState:
    return BudgetState(tokens=tokens, issued=issued, capacity=40.0, per_second=per_second, now=now)


def ticket(position: float, credit: float = 1.0, due: float = 100.0) -> Ticket:
    return Ticket("shop:a", "calls", position, credit, due)


def test_the_units_just_taken_wait_for_what_the_balance_lacks() -> None:
    assert tickets.wait_after_take(state(5, 100)) == 0
    assert tickets.wait_after_take(state(-10, 100)) == 5.0  # 10 units at 2 a second


def test_a_ticket_waits_only_for_what_is_missing_before_its_position() -> None:
    # Taken as the 100th unit with the balance at -10: five seconds at 2/s.
    mine = ticket(100)
    assert tickets.wait_for(mine, state(-10, 100)) == 5.0
    # 20 more taken behind it since, balance -30: its wait is unchanged.
    assert tickets.wait_for(mine, state(-30, 120)) == 5.0
    # Three seconds later (six units refilled): two seconds left.
    assert tickets.wait_for(mine, state(-24, 120)) == 2.0
    # Its turn has passed: no wait.
    assert tickets.wait_for(mine, state(-5, 130)) == 0.0


def test_a_faster_plan_brings_every_waiting_ticket_forward() -> None:
    mine = ticket(100)
    slow = tickets.wait_for(mine, state(-30, 120, per_second=2.0))
    fast = tickets.wait_for(mine, state(-30, 120, per_second=20.0))
    assert (slow, fast) == (5.0, 0.5)


def test_a_ticket_from_another_row_or_long_past_is_stale() -> None:
    assert not tickets.is_stale(ticket(100, due=100.0), state(-10, 100, now=100.0))
    assert tickets.is_stale(ticket(150), state(-10, 100))  # the row was recreated
    # The bucket (40 at 2/s) has refilled completely 20 s after the slot: units forgiven.
    assert not tickets.is_stale(ticket(100, due=100.0), state(0, 100, now=119.0))
    assert tickets.is_stale(ticket(100, due=100.0), state(0, 100, now=121.0))


def test_spending_a_ticket_uses_up_its_credit() -> None:
    mine = ticket(100, credit=3.0)
    once = mine.spend(1.0)
    assert once is not None
    assert once.credit == 2.0
    assert once.position == 100
    assert mine.spend(3.0) is None


def test_a_ticket_travels_as_text_and_garbage_is_no_ticket() -> None:
    mine = Ticket("shopify:demo.myshopify.com@127.0.0.1:8101", "calls", 1234.0, 2.0, 1.7e9)
    assert tickets.decode(tickets.encode(mine)) == mine
    assert tickets.encode(None) is None
    for garbage in (None, "", "not json", "[1, 2]", '{"a": 1}'):
        assert tickets.decode(garbage) is None


def test_the_longest_sleep_in_a_worker_is_the_shortest_wait_tier() -> None:
    from syncyard_common.broker import topology

    assert tickets.LONGEST_SLEEP_IN_A_WORKER == min(topology.WAIT_DELAYS_SECONDS) == 0.5
