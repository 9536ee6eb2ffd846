"""Which live alerts a channel's deletion would leave reaching no channel (pure)."""

import uuid
from dataclasses import dataclass, field

import pytest

from syncyard_notifier.channels import in_use

pytestmark = pytest.mark.unit

INTEGRATION = uuid.uuid4()


@dataclass
class Channel:
    routes: list[dict[str, str | None]] | None = None
    is_active: bool = True
    id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class Alert:
    integration_id: uuid.UUID | None = INTEGRATION
    flow: str | None = "orders.shop_to_pos"
    title: str = "orders failing: products_not_found"
    id: uuid.UUID = field(default_factory=uuid.uuid4)


def route(integration_id: uuid.UUID, flow: str | None = None) -> dict[str, str | None]:
    return {"integration_id": str(integration_id), "flow": flow}


def only_it_takes(
    channel: Channel,
    others: list[Channel],
    live: list[Alert],
    muted: frozenset[uuid.UUID] = frozenset(),
) -> list[Alert]:
    return in_use.alerts_only_it_takes(channel, others=[channel, *others], live=live, muted=muted)


class TestAlertsOnlyItTakes:
    def test_the_only_channel_of_a_live_alert_holds_it(self) -> None:
        alert = Alert()
        assert only_it_takes(Channel(), [], [alert]) == [alert]

    def test_another_channel_taking_the_alert_frees_it(self) -> None:
        assert only_it_takes(Channel(), [Channel(routes=[route(INTEGRATION)])], [Alert()]) == []

    def test_another_channel_of_another_integration_or_flow_does_not(self) -> None:
        others = [
            Channel(routes=[route(uuid.uuid4())]),
            Channel(routes=[route(INTEGRATION, "products")]),
        ]
        alert = Alert()
        assert only_it_takes(Channel(), others, [alert]) == [alert]

    def test_a_disabled_other_channel_takes_nothing(self) -> None:
        alert = Alert()
        assert only_it_takes(Channel(), [Channel(is_active=False)], [alert]) == [alert]

    def test_a_channel_that_does_not_take_the_alert_is_free(self) -> None:
        assert only_it_takes(Channel(routes=[route(uuid.uuid4())]), [], [Alert()]) == []

    def test_a_disabled_channel_is_free(self) -> None:
        assert only_it_takes(Channel(is_active=False), [], [Alert()]) == []

    def test_a_muted_integrations_alerts_do_not_count(self) -> None:
        assert only_it_takes(Channel(), [], [Alert()], frozenset({INTEGRATION})) == []

    def test_a_connections_alert_goes_to_every_channel_so_any_other_frees_it(self) -> None:
        about_a_connection = Alert(integration_id=None, flow=None)
        routed = Channel(routes=[route(uuid.uuid4())])
        assert only_it_takes(Channel(), [], [about_a_connection]) == [about_a_connection]
        assert only_it_takes(Channel(), [routed], [about_a_connection]) == []


class TestChannelInUse:
    def test_names_the_alerts_and_their_integrations(self) -> None:
        alerts = [Alert(), Alert(integration_id=None)]
        error = in_use.ChannelInUse(alerts)
        assert error.status_code == 409
        assert error.code == "channel_in_use"
        assert error.extra == {
            "alert_ids": [str(a.id) for a in alerts],
            "integration_ids": [str(INTEGRATION)],
        }
        assert str(alerts[0].id) in error.message
