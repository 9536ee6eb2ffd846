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
    ("retry_after", "allowed"),
    [(None, {1, 5}), (0.5, {1, 5}), (2, {5}), (14, {15}), (40, {60}), (5000, {900})],
)
def test_rate_limit_waits_honour_retry_after_without_overshooting(
    retry_after: float | None, allowed: set[int]
) -> None:
    picks = {consumer._pick_wait_tier(retry_after) for _ in range(300)}
    assert picks <= allowed
    assert min(picks) >= (retry_after or 0) or picks == {900}
