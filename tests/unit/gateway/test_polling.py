"""Pure polling decisions: when a connection is due again, and how a polled change is keyed."""

from datetime import UTC, datetime, timedelta

import pytest

from syncyard_gateway.connectors import base, by_name
from syncyard_gateway.polling import schedule
from syncyard_gateway.polling.scheduler import polling_connectors
from syncyard_gateway.settings import GatewaySettings

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CAP = 900.0


class TestBackoff:
    def test_a_good_poll_waits_one_interval(self) -> None:
        due = schedule.next_poll_at(
            NOW, interval_seconds=60, failed_polls=0, cap_seconds=CAP, jitter=0.9
        )
        assert due == NOW + timedelta(seconds=60)

    @pytest.mark.parametrize(("failed", "full"), [(1, 120), (2, 240), (3, 480), (4, 900)])
    def test_failures_double_the_wait_up_to_the_cap(self, failed: int, full: float) -> None:
        top = schedule.backoff_seconds(
            failed, interval_seconds=60, cap_seconds=CAP, jitter=0.999999
        )
        bottom = schedule.backoff_seconds(failed, interval_seconds=60, cap_seconds=CAP, jitter=0)
        assert top == pytest.approx(full, rel=1e-5)
        assert bottom == pytest.approx(full / 2)

    def test_a_long_failure_streak_stays_at_the_cap(self) -> None:
        wait = schedule.backoff_seconds(10_000, interval_seconds=60, cap_seconds=CAP, jitter=1)
        assert wait == CAP

    def test_the_connections_own_interval_wins_over_the_default(self) -> None:
        assert schedule.interval_of(300, default_seconds=60) == 300
        assert schedule.interval_of(None, default_seconds=60) == 60


class TestSourceEventKey:
    def test_the_same_record_changed_again_gets_another_key(self) -> None:
        first = schedule.source_event_key(base.Entity.ORDERS, "17", "120")
        again = schedule.source_event_key(base.Entity.ORDERS, "17", "135")
        assert first == "poll:orders:17:120"
        assert first != again

    def test_entities_never_share_a_key(self) -> None:
        assert schedule.source_event_key(
            base.Entity.PRODUCTS, "17", "5"
        ) != schedule.source_event_key(base.Entity.CUSTOMERS, "17", "5")


class TestWhatIsPolled:
    def test_connectors_with_webhooks_are_not_polled(self) -> None:
        names = polling_connectors()
        for name in names:
            capabilities = by_name.get(name).capabilities
            if capabilities.change_intake is base.ChangeIntake.WEBHOOKS:
                assert capabilities.polled_reads, name
        assert "shopify" not in names

    def test_a_webhook_connector_polls_only_the_feeds_it_has_no_webhooks_for(self) -> None:
        members_by_webhook = base.Capabilities(
            reads=frozenset({base.Entity.CUSTOMERS, base.Entity.ORDERS}),
            writes=frozenset(),
            change_intake=base.ChangeIntake.WEBHOOKS,
            not_supported=[],
            polled_reads=frozenset({base.Entity.ORDERS}),
        )
        assert schedule.polls(members_by_webhook) is True
        assert schedule.polled_entities(members_by_webhook) == [base.Entity.ORDERS]
        assert "mailchimp" in polling_connectors()

    def test_a_connector_that_reads_nothing_is_not_polled(self) -> None:
        nothing = base.Capabilities(
            reads=frozenset(),
            writes=frozenset({base.Entity.ORDERS}),
            change_intake=base.ChangeIntake.POLLING,
            not_supported=[],
        )
        assert schedule.polls(nothing) is False


class TestSettings:
    def test_defaults_poll_every_minute_and_check_health_every_five(self) -> None:
        settings = GatewaySettings()
        assert settings.poll_interval_seconds == 60
        assert settings.health_check_interval_seconds == 300
        assert settings.poll_max_backoff_seconds == 900

    def test_a_page_size_above_the_feeds_maximum_is_refused(self) -> None:
        with pytest.raises(ValueError, match="poll_page_size"):
            GatewaySettings(poll_page_size=1000)
