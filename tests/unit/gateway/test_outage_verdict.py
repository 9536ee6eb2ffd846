"""The pure rules of a remote outage: blip, failing, stale, outage due."""

from datetime import UTC, datetime, timedelta

from syncyard_gateway.outages import verdict

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
POLICY = verdict.Policy(outage_after_seconds=60, probe_seconds=5)


def streak(*, first: float, last: float, failures: int, started: bool = False) -> verdict.Streak:
    return verdict.Streak(
        first_failure_at=NOW - timedelta(seconds=first),
        last_failure_at=NOW - timedelta(seconds=last),
        failures=failures,
        started_at=NOW if started else None,
    )


class TestOutageVerdict:
    def test_one_failure_is_a_blip_that_holds_nothing_back(self) -> None:
        assert not verdict.is_failing(streak(first=1, last=1, failures=1))
        assert not verdict.is_failing(None)

    def test_two_failures_in_a_row_hold_commands_back(self) -> None:
        assert verdict.is_failing(streak(first=6, last=1, failures=2))

    def test_an_announced_outage_holds_commands_back(self) -> None:
        assert verdict.is_failing(streak(first=90, last=1, failures=1, started=True))

    def test_the_outage_is_due_after_failing_for_the_whole_period(self) -> None:
        assert not verdict.is_outage_due(
            streak(first=59, last=1, failures=9), now=NOW, policy=POLICY
        )
        assert verdict.is_outage_due(streak(first=60, last=1, failures=9), now=NOW, policy=POLICY)

    def test_an_announced_outage_is_not_due_again(self) -> None:
        started = streak(first=120, last=1, failures=30, started=True)
        assert not verdict.is_outage_due(started, now=NOW, policy=POLICY)

    def test_a_streak_idle_for_the_whole_period_is_stale_unless_announced(self) -> None:
        assert verdict.is_stale(streak(first=300, last=60, failures=2), now=NOW, policy=POLICY)
        assert not verdict.is_stale(streak(first=300, last=59, failures=2), now=NOW, policy=POLICY)
        idle = streak(first=300, last=200, failures=2, started=True)
        assert not verdict.is_stale(idle, now=NOW, policy=POLICY)

    def test_held_back_commands_come_back_after_one_probe_interval(self) -> None:
        assert verdict.wait_seconds(POLICY) == 5
