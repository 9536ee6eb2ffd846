"""Which delay tier a retry or a rate-limit wait goes to."""

import pytest

from syncyard_common.broker import consumer, topology


def test_retries_climb_the_tiers_with_jitter_below_the_ceiling() -> None:
    for attempt, ceiling in enumerate((1, 5, 15, 60, 300, 900, 900, 900), start=1):
        picks = {consumer._pick_tier(attempt, None) for _ in range(300)}
        assert max(picks) == ceiling
        assert picks <= set(topology.RETRY_DELAYS_SECONDS)


def test_retry_after_wins_over_the_attempt_ceiling() -> None:
    assert consumer._pick_tier(1, 40) == 60


@pytest.mark.parametrize(
    ("retry_after", "tier"),
    [(None, 0.5), (0.1, 0.5), (0.5, 0.5), (0.9, 0.5), (2, 2), (4.9, 2), (14, 5), (20, 15),
     (40, 15), (61, 60), (5000, 900)],
)  # fmt: skip
def test_a_rate_limit_wait_takes_the_largest_tier_not_longer_than_the_wait(
    retry_after: float | None, tier: float
) -> None:
    assert consumer._pick_wait_tier(retry_after) == tier


@pytest.mark.parametrize("wait", [0.7, 3.3, 20.0, 47.5, 150.0, 1234.5])
def test_a_long_wait_is_chained_through_the_tiers_and_never_overshoots(wait: float) -> None:
    left, hops = wait, 0
    while left > topology.WAIT_DELAYS_SECONDS[0]:  # a worker sleeps what is left below this
        tier = consumer._pick_wait_tier(left)
        assert tier <= left
        left -= tier
        hops += 1
    assert 0 <= left <= topology.WAIT_DELAYS_SECONDS[0]
    assert hops <= 6, hops  # 150 s: 60 + 60 + 15 + 15


def test_failure_tiers_are_not_the_wait_tiers() -> None:
    # Waiting for a budget never changes how failures back off.
    assert topology.RETRY_DELAYS_SECONDS == (1, 5, 15, 60, 300, 900)
    assert set(topology.RETRY_DELAYS_SECONDS) <= set(topology.WAIT_DELAYS_SECONDS)
    spec = topology.QUEUES["gateway.commands"]
    assert spec.retry_queue(5) == "gateway.commands.retry.5s"
    assert spec.retry_queue(0.5) == "gateway.commands.retry.0.5s"
