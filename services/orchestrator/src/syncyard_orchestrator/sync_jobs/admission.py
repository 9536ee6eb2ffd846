"""How many read records of an initial sync may start now (pure).

The orchestrator cannot see the remote's budget (the gateway owns it), only how long its own
runs take. Each job keeps an in-flight limit, AIMD-style: it grows while runs finish well
inside the stuck window, shrinks in proportion when the typical run takes longer than the
target (a quarter of the window), and halves when anything comes close to the window. By
Little's law a full limit L finishing at rate μ makes a run take L / μ, so keeping the typical
run at the target keeps ``in flight ÷ completion rate`` at a quarter of the stuck window: a
command waiting for its budget answers long before the sweeper would take it for stuck.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

START_LIMIT = 10.0  # a new job starts small: it knows nothing about the remote yet
MIN_LIMIT = 2.0
# Past a few hundred, more runs in flight only lengthen the bulk queue, never the pace.
MAX_LIMIT = 200.0
TARGET_SHARE = 0.25  # a run should take at most a quarter of the stuck window
DANGER_SHARE = 0.5  # a run or a waiting command at half the window: back off at once
SMOOTHING = 0.2  # weight of the newest run in the typical run duration


@dataclass(frozen=True)
class Pace:
    """What a job has learned: its in-flight limit and its typical run (seconds, smoothed)."""

    limit: float = START_LIMIT
    typical_run: float | None = None


@dataclass(frozen=True)
class Admission:
    pace: Pace
    admit: int  # records to start now


def decide(
    pace: Pace,
    *,
    in_flight: int,
    finished: Sequence[float],
    oldest_age: float,
    stuck_after: float,
) -> Admission:
    """The job's next pace and how many of its waiting records start now.

    ``finished``: durations (admission → end, seconds) of runs that ended since the last
    decision; ``oldest_age``: seconds since the oldest run still in flight was admitted (0
    when none): it shows a slowdown before any slow run finishes. ``stuck_after``: the
    sweeper's window. A run's age bounds the wait of each of its commands, so keeping ages
    inside the window keeps every command out of the sweeper's reach."""
    target = stuck_after * TARGET_SHARE
    typical = pace.typical_run
    for duration in finished:
        typical = duration if typical is None else typical + SMOOTHING * (duration - typical)
    limit = pace.limit
    slowest = max([*finished, oldest_age])
    slow = max(typical or 0.0, oldest_age)
    # One decrease per flight: after backing off, the limit is below what is in flight, and
    # the runs admitted before must not shrink it again as they finish just as slowly.
    may_decrease = in_flight + len(finished) <= limit
    if slowest > stuck_after * DANGER_SHARE:
        if may_decrease:
            limit = limit / 2
    elif slow > target:
        if may_decrease:
            limit = limit * target / slow
    elif typical is not None:
        for _ in finished:
            # Far inside the target: one more per finished run (doubling per flight); close
            # to it: about one more per flight.
            limit += 1.0 if typical <= target / 2 else 1.0 / limit
    limit = min(max(limit, MIN_LIMIT), MAX_LIMIT)
    return Admission(Pace(limit, typical), max(math.floor(limit) - in_flight, 0))
