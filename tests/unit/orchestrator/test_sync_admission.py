"""Admission of an initial sync's records: in flight, run durations and the stuck window →
the next limit and how many records start now."""

import heapq

import pytest

from syncyard_orchestrator.sync_jobs.admission import (
    MAX_LIMIT,
    MIN_LIMIT,
    START_LIMIT,
    TARGET_SHARE,
    Admission,
    Pace,
    decide,
)

WINDOW = 60.0  # the stuck window of the test system
TARGET = WINDOW * TARGET_SHARE


def test_a_new_job_starts_the_start_limit_and_no_more() -> None:
    first = decide(Pace(), in_flight=0, finished=[], oldest_age=0.0, stuck_after=WINDOW)
    assert first == Admission(Pace(START_LIMIT, None), int(START_LIMIT))


def test_only_free_places_are_admitted() -> None:
    pace = Pace(limit=10.0, typical_run=5.0)
    assert decide(pace, in_flight=7, finished=[], oldest_age=1.0, stuck_after=WINDOW).admit == 3
    assert decide(pace, in_flight=12, finished=[], oldest_age=1.0, stuck_after=WINDOW).admit == 0


def test_runs_far_inside_the_target_grow_the_limit_by_one_each() -> None:
    quick = TARGET / 4
    decision = decide(
        Pace(10.0, quick), in_flight=7, finished=[quick] * 3, oldest_age=1.0, stuck_after=WINDOW
    )
    assert decision.pace.limit == 13.0
    assert decision.admit == 6  # the three places freed and the three new ones


def test_runs_close_to_the_target_grow_the_limit_by_about_one_per_flight() -> None:
    near = TARGET * 0.9
    pace = Pace(20.0, near)
    for _ in range(20):  # one flight: as many finished runs as the limit
        pace = decide(
            pace, in_flight=19, finished=[near], oldest_age=near / 2, stuck_after=WINDOW
        ).pace
    assert 20.9 < pace.limit < 21.1


def test_runs_slower_than_the_target_shrink_the_limit_in_proportion_once_per_flight() -> None:
    slow = TARGET * 1.6
    full = decide(
        Pace(40.0, slow), in_flight=39, finished=[slow], oldest_age=slow, stuck_after=WINDOW
    )
    assert full.pace.limit == pytest.approx(40.0 / 1.6, rel=0.01)
    assert full.admit == 0
    # The runs admitted before the decrease finish as slowly: the limit holds.
    again = decide(full.pace, in_flight=38, finished=[slow], oldest_age=slow, stuck_after=WINDOW)
    assert again.pace.limit == full.pace.limit


def test_a_run_in_flight_for_half_the_window_halves_the_limit_before_any_run_finishes() -> None:
    decision = decide(
        Pace(30.0, TARGET), in_flight=30, finished=[], oldest_age=WINDOW * 0.55, stuck_after=WINDOW
    )
    assert decision.pace.limit == 15.0
    assert decision.admit == 0


def test_the_limit_stays_between_its_bounds() -> None:
    low = decide(
        Pace(MIN_LIMIT, WINDOW),
        in_flight=2,
        finished=[WINDOW],
        oldest_age=WINDOW,
        stuck_after=WINDOW,
    )
    assert low.pace.limit == MIN_LIMIT
    quick = [0.1] * 50
    high = decide(
        Pace(MAX_LIMIT - 1, 0.1), in_flight=0, finished=quick, oldest_age=0.0, stuck_after=WINDOW
    )
    assert high.pace.limit == MAX_LIMIT
    assert high.admit == int(MAX_LIMIT)


def _simulate(
    capacity: list[tuple[float, float]], *, records: int, window: float
) -> tuple[float, float, float]:
    """A remote serving runs one at a time in order (``capacity``: from which second how many
    runs per second), fed by ``decide``. Returns (longest run, oldest age of a run in flight
    at any decision, seconds to finish every record)."""
    now, pace, queue_free_at = 0.0, Pace(), 0.0
    ends: list[tuple[float, float]] = []  # (end, admitted at)
    started = longest = longest_age = 0.0

    def rate_at(moment: float) -> float:
        return [per_second for since, per_second in capacity if since <= moment][-1]

    def admit(count: int) -> None:
        nonlocal queue_free_at, started
        for _ in range(count):
            if started >= records:
                return
            queue_free_at = max(queue_free_at, now) + 1.0 / rate_at(max(queue_free_at, now))
            heapq.heappush(ends, (queue_free_at, now))
            started += 1

    admit(decide(pace, in_flight=0, finished=[], oldest_age=0.0, stuck_after=window).admit)
    while ends:
        now, admitted_at = heapq.heappop(ends)
        longest = max(longest, now - admitted_at)
        oldest = min((at for _, at in ends), default=now)
        longest_age = max(longest_age, now - oldest)
        decision = decide(
            pace,
            in_flight=len(ends),
            finished=[now - admitted_at],
            oldest_age=now - oldest,
            stuck_after=window,
        )
        pace = decision.pace
        admit(decision.admit)
    return longest, longest_age, now


def test_a_remote_at_a_fixed_pace_is_kept_busy_and_no_run_nears_the_stuck_window() -> None:
    # BigCommerce's default quota: ~0.9 products a second (5 calls each at 4.5 calls/s).
    longest, longest_age, took = _simulate([(0.0, 0.9)], records=1000, window=WINDOW)
    assert longest < WINDOW / 2
    assert longest_age < WINDOW / 2
    assert took < 1000 / 0.9 * 1.05  # within 5 % of the remote's own pace


def test_a_budget_that_drops_to_a_third_mid_sync_still_keeps_runs_inside_the_window() -> None:
    # Another tenant starts using the same store: this job's share falls from 0.9 to 0.3/s.
    # (The runs in flight hold a quarter window's work: a sudden drop to a quarter or less
    # brings them to the window before any signal can.)
    longest, longest_age, _ = _simulate([(0.0, 0.9), (300.0, 0.3)], records=600, window=WINDOW)
    assert longest < WINDOW
    assert longest_age < WINDOW


def test_the_production_window_lets_a_fast_remote_run_many_at_once() -> None:
    longest, _, took = _simulate([(0.0, 20.0)], records=10_000, window=600.0)
    assert longest < 600.0 * TARGET_SHARE * 2
    assert took < 10_000 / 20.0 * 1.05
