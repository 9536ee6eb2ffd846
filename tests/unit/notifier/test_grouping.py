"""Alert grouping: first failure at once, the rest of the window as one summary."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from syncyard_notifier import grouping

pytestmark = pytest.mark.unit

WINDOW = timedelta(minutes=5)
START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def failure(reason: str = "products not found: ABC-12") -> grouping.Failure:
    return grouping.Failure(run_id=uuid.uuid4(), flow="orders", reason=reason, entity_ref="#1001")


class Clock:
    """An injected clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = START

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


class TestRecordFailure:
    def test_sends_the_first_failure_of_a_group_at_once(self) -> None:
        decision = grouping.record_failure(
            grouping.CLOSED, failure(), now=START, window=WINDOW, opens_alert=True
        )
        assert decision.send_now
        assert decision.summary is None
        assert decision.state.closes_at == START + WINDOW
        assert decision.state.suppressed_count == 0

    def test_collects_further_failures_within_the_window(self) -> None:
        clock = Clock()
        state = grouping.record_failure(
            grouping.CLOSED, failure(), now=clock.now, window=WINDOW, opens_alert=True
        ).state
        sent_now = 0
        for _ in range(49):
            decision = grouping.record_failure(
                state, failure(), now=clock.advance(1), window=WINDOW, opens_alert=False
            )
            sent_now += decision.send_now
            state = decision.state
        assert sent_now == 0
        assert state.suppressed_count == 49
        assert len(state.samples) == grouping.MAX_SAMPLES

    def test_a_failure_after_the_window_of_a_live_alert_is_counted_in_the_next(self) -> None:
        # Sending it at once would be the alert's opening message a second time (a handler
        # retried after a deadlock used to do exactly that).
        clock = Clock()
        state = grouping.record_failure(
            grouping.CLOSED, failure(), now=clock.now, window=WINDOW, opens_alert=True
        ).state
        state = grouping.record_failure(
            state, failure("other"), now=clock.advance(10), window=WINDOW, opens_alert=False
        ).state
        late = failure("late")
        decision = grouping.record_failure(
            state,
            late,
            now=clock.advance(WINDOW.total_seconds()),
            window=WINDOW,
            opens_alert=False,
        )
        assert not decision.send_now
        assert decision.summary is not None
        assert decision.summary.count == 1
        assert decision.summary.samples[0].reason == "other"
        assert decision.state.closes_at == clock.now + WINDOW
        assert decision.state.suppressed_count == 1
        assert decision.state.samples == (late,)

    def test_a_failure_that_opens_a_new_alert_is_sent_at_once_in_a_fresh_window(self) -> None:
        clock = Clock()
        state = grouping.record_failure(
            grouping.CLOSED, failure(), now=clock.now, window=WINDOW, opens_alert=True
        ).state
        state = grouping.record_failure(
            state, failure("other"), now=clock.advance(10), window=WINDOW, opens_alert=False
        ).state
        decision = grouping.record_failure(
            state,
            failure(),
            now=clock.advance(WINDOW.total_seconds()),
            window=WINDOW,
            opens_alert=True,
        )
        assert decision.send_now
        assert decision.summary is not None
        assert decision.summary.count == 1
        assert decision.state == grouping.GroupState(closes_at=clock.now + WINDOW)

    def test_the_window_is_configurable(self) -> None:
        short = timedelta(seconds=2)
        decision = grouping.record_failure(
            grouping.CLOSED, failure(), now=START, window=short, opens_alert=True
        )
        assert decision.state.closes_at == START + short


class TestCloseIfDue:
    def test_an_open_window_is_left_alone(self) -> None:
        state = grouping.record_failure(
            grouping.CLOSED, failure(), now=START, window=WINDOW, opens_alert=True
        ).state
        state = grouping.record_failure(
            state, failure(), now=START, window=WINDOW, opens_alert=False
        ).state
        same, summary = grouping.close_if_due(state, now=START + WINDOW - timedelta(seconds=1))
        assert same == state
        assert summary is None

    def test_a_due_window_with_collected_failures_yields_one_summary(self) -> None:
        state = grouping.record_failure(
            grouping.CLOSED, failure(), now=START, window=WINDOW, opens_alert=True
        ).state
        for _ in range(12):
            state = grouping.record_failure(
                state, failure(), now=START, window=WINDOW, opens_alert=False
            ).state
        closed, summary = grouping.close_if_due(state, now=START + WINDOW)
        assert closed == grouping.CLOSED
        assert summary is not None
        assert summary.count == 12

    def test_a_due_window_without_further_failures_closes_silently(self) -> None:
        state = grouping.record_failure(
            grouping.CLOSED, failure(), now=START, window=WINDOW, opens_alert=True
        ).state
        closed, summary = grouping.close_if_due(state, now=START + WINDOW)
        assert closed == grouping.CLOSED
        assert summary is None

    def test_fifty_failures_in_one_window_make_one_immediate_alert_and_one_summary(self) -> None:
        clock = Clock()
        state, immediate = grouping.CLOSED, 0
        for number in range(50):
            decision = grouping.record_failure(
                state, failure(), now=clock.advance(2), window=WINDOW, opens_alert=number == 0
            )
            state, immediate = decision.state, immediate + decision.send_now
        state, summary = grouping.close_if_due(state, now=clock.advance(WINDOW.total_seconds()))
        assert immediate == 1
        assert summary is not None
        assert summary.count == 49
