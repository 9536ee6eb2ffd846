"""Which delay tier a retry or a rate-limit wait goes to."""

import pytest

from syncyard_common.broker import consumer, topology

SCHEDULE = topology.RETRY_SCHEDULE_SECONDS


def _picks(attempt: int, retry_after: float | None = None, scale: float = 1.0) -> set[float]:
    return {consumer._pick_tier(attempt, retry_after, scale=scale) for _ in range(300)}


def test_the_schedule_climbs_to_about_fifty_minutes() -> None:
    assert list(SCHEDULE) == sorted(SCHEDULE)
    assert SCHEDULE == (1, 5, 15, 60, 300, 900, 900, 900)
    shortest = sum(min(topology.retry_tiers(n)) for n in range(1, len(SCHEDULE) + 1))
    longest = sum(max(topology.retry_tiers(n)) for n in range(1, len(SCHEDULE) + 1))
    assert shortest == 3081  # 51 minutes: every message, not on average
    assert longest <= 3081 * (1 + topology.RETRY_JITTER)


def test_a_message_that_fails_for_ten_minutes_is_still_being_retried() -> None:
    waited = 0.0
    for attempt in range(1, len(SCHEDULE) + 1):
        waited += min(topology.retry_tiers(attempt))
        if waited > 600:
            break
    else:
        pytest.fail("the schedule gives up within ten minutes")
    assert attempt < len(SCHEDULE)  # and retries remain after that


@pytest.mark.parametrize("attempt", range(1, len(SCHEDULE) + 2))
def test_a_retry_never_waits_less_than_its_tier_and_jitter_stays_near_it(attempt: int) -> None:
    tier = SCHEDULE[min(attempt, len(SCHEDULE)) - 1]
    picks = _picks(attempt)
    assert min(picks) == tier
    assert max(picks) <= tier * (1 + topology.RETRY_JITTER)
    if tier >= topology.JITTER_FROM_SECONDS:
        assert len(picks) == 2  # jitter is used, upwards only


def test_a_longer_retry_after_wins_a_shorter_one_does_not() -> None:
    assert _picks(1, retry_after=40) == {60}
    assert _picks(4, retry_after=2) <= {60, 66}
    assert _picks(1, retry_after=5000) == {990}


def test_a_compressed_clock_scales_every_tier_and_names_queues_by_the_real_wait() -> None:
    assert topology.retry_tiers(4, scale=0.01) == (0.6, 0.66)
    assert topology.retry_tiers(1, scale=0.0001) == (0.001,)  # whole milliseconds, never 0
    assert _picks(6, scale=0.01) == {9, 9.9}
    spec = topology.QUEUES["gateway.commands"]
    # A scaled queue's name says its TTL: it never clashes with an unscaled one.
    assert spec.retry_queue(0.6) == "gateway.commands.retry.0.6s"
    assert topology.retry_delays(scale=0.01).isdisjoint({60, 66, 300, 330, 900, 990})


def test_parked_messages_never_expire_nor_get_dropped() -> None:
    arguments = topology.DEAD_LETTER_ARGUMENTS
    assert not {"x-message-ttl", "x-expires", "x-max-length", "x-max-length-bytes"} & set(arguments)


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
    assert set(SCHEDULE) <= set(topology.WAIT_DELAYS_SECONDS)
    spec = topology.QUEUES["gateway.commands"]
    assert spec.retry_queue(5) == "gateway.commands.retry.5s"
    assert spec.retry_queue(0.5) == "gateway.commands.retry.0.5s"
