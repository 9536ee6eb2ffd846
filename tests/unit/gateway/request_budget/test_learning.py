"""What an answer changes in a budget, and when it is worth a write to the shared row."""

import pytest

from syncyard_gateway.connectors.pacing import Allowance, Bucket
from syncyard_gateway.request_budget.learning import worth_telling
from syncyard_gateway.request_budget.tickets import BudgetState

pytestmark = pytest.mark.unit


def test_a_bigger_plan_grows_the_bucket_and_its_rate() -> None:
    bucket = Bucket(tokens=10.0, capacity=40.0, per_second=2.0)
    bucket.settle(Allowance(capacity=400.0, per_second=20.0, available=370.0))
    assert (bucket.tokens, bucket.capacity, bucket.per_second) == (370.0, 400.0, 20.0)


def test_a_smaller_plan_cuts_the_bucket_to_its_size() -> None:
    bucket = Bucket(tokens=300.0, capacity=400.0, per_second=20.0)
    bucket.settle(Allowance(capacity=40.0, per_second=2.0, available=0.0))  # "40/40"
    assert (bucket.tokens, bucket.capacity, bucket.per_second) == (0.0, 40.0, 2.0)
    promised = Bucket(tokens=-100.0, capacity=400.0, per_second=20.0)  # 5 s of slots at 20/s
    promised.settle(Allowance(capacity=40.0, per_second=2.0, available=10.0))
    assert promised.tokens == -100.0  # the same slots now take 50 s


def test_the_vendors_count_only_lowers_ours() -> None:
    queued = Bucket(tokens=-50.0, capacity=40.0, per_second=2.0)  # 25 s of promised slots
    queued.settle(Allowance(capacity=40.0, per_second=2.0, available=30.0))
    assert queued.tokens == -50.0  # the vendor does not know our promises
    behind = Bucket(tokens=30.0, capacity=40.0, per_second=2.0)
    behind.settle(Allowance(available=12.0))  # another app spends the same store's quota
    assert behind.tokens == 12.0


def test_a_refusal_empties_the_bucket_for_as_long_as_it_said() -> None:
    bucket = Bucket(tokens=5.0, capacity=40.0, per_second=2.0)
    bucket.settle(Allowance(empty_for=2.0))
    assert bucket.tokens == -4.0  # the next unit comes in 2 s
    bucket.settle(Allowance(empty_for=2.0))  # told twice (two calls refused): no deeper
    assert bucket.tokens == -4.0


def test_unused_charges_come_back() -> None:
    bucket = Bucket(tokens=1000.0, capacity=2000.0, per_second=100.0)
    bucket.settle(Allowance(refund=140.0, available=1900.0))
    assert bucket.tokens == 1140.0


def taken(tokens: float) -> BudgetState:
    return BudgetState(tokens=tokens, issued=10, capacity=40, per_second=2, now=0)


def test_an_answer_that_confirms_the_row_is_not_written() -> None:
    assert not worth_telling(Allowance(capacity=40, per_second=2, available=29.5), taken(30), 0)
    assert not worth_telling(Allowance(capacity=40, per_second=2, available=38), taken(-20), 0)


def test_a_new_plan_a_refusal_a_refund_or_a_lower_count_is_written() -> None:
    assert worth_telling(Allowance(capacity=400, per_second=20), taken(30), 0)
    assert worth_telling(Allowance(per_second=4), taken(30), 0)
    assert worth_telling(Allowance(empty_for=1.0), taken(30), 0)
    assert worth_telling(Allowance(refund=12.0), taken(30), 0)
    assert worth_telling(Allowance(available=20), taken(30), 0)
    # Ours refilled meanwhile (5 s at 2/s): the vendor's 30 is lower than our 40.
    assert worth_telling(Allowance(available=30), taken(30), 5.0)
