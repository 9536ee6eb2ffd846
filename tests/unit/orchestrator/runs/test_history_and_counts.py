"""A run's step history and the counts' time range: pure code, no database."""

import uuid
from datetime import UTC, datetime, timedelta

from syncyard_common.messages import orders
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_orchestrator.runs import counts, history

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


class TestStepHistory:
    def test_notes_each_step_and_the_command_sent_without_payloads(self) -> None:
        entry = StepRecordedV1(
            step="fetch", outcome=StepOutcome.OK, message="fetched", source_payload={"x": 1}
        )
        command = orders.FetchOrderV1(connection_id=uuid.uuid4(), source_order_id="1")
        command_id = uuid.uuid4()
        noted = history.noted([], audit=[entry], command=command, command_id=command_id, now=NOW)
        assert noted == [
            {"at": NOW.isoformat(), "step": "fetch", "outcome": "ok", "message": "fetched"},
            {
                "at": NOW.isoformat(),
                "step": "command",
                "outcome": "sent",
                "message": "sent gateway.order.fetch.v1",
                "command_type": "gateway.order.fetch.v1",
                "command_id": str(command_id),
            },
        ]

    def test_keeps_only_the_latest_steps(self) -> None:
        entry = StepRecordedV1(step="coalesce", outcome=StepOutcome.OK, message="m" * 900)
        steps: list[dict[str, object]] = []
        for _ in range(history.MAX_STEPS + 5):
            steps = history.noted(
                steps, audit=[entry], command=None, command_id=uuid.uuid4(), now=NOW
            )
        assert len(steps) == history.MAX_STEPS
        assert len(str(steps[0]["message"])) == history.MAX_MESSAGE


class TestCountsRange:
    def test_defaults_to_the_last_day_by_hour_and_thirty_days_by_day(self) -> None:
        assert counts.time_range("hour", None, None, now=NOW) == (NOW - timedelta(hours=24), NOW)
        assert counts.time_range("day", None, None, now=NOW) == (NOW - timedelta(days=30), NOW)

    def test_an_inverted_range_is_empty_and_a_long_one_keeps_its_last_buckets(self) -> None:
        # Neither is refused: the document cannot say "from before to" (issue 12, point 9).
        assert counts.time_range("hour", NOW + timedelta(hours=1), NOW, now=NOW) == (NOW, NOW)
        month_ago = NOW - timedelta(hours=31 * 24)
        assert counts.time_range("hour", NOW - timedelta(days=32), NOW, now=NOW) == (
            month_ago,
            NOW,
        )
        assert counts.time_range("day", NOW - timedelta(days=366), NOW, now=NOW)[0] < NOW
        assert counts.time_range("day", datetime.min.replace(tzinfo=UTC), NOW, now=NOW)[0] == (
            NOW - timedelta(days=366)
        )
