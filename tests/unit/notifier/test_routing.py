"""Pure routing: no routes takes every alert; else the integration, and the flow when given."""

import uuid

from syncyard_notifier.channels import routing

SHOP, TILL = uuid.uuid4(), uuid.uuid4()


class TestRouting:
    def test_a_channel_without_routes_takes_every_alert(self) -> None:
        assert routing.matches(None, integration_id=SHOP, flow="orders")

    def test_a_route_without_flow_takes_every_flow_of_its_integration(self) -> None:
        routes = [{"integration_id": str(SHOP), "flow": None}]
        assert routing.matches(routes, integration_id=SHOP, flow="products")
        assert not routing.matches(routes, integration_id=TILL, flow="products")

    def test_a_route_with_a_flow_takes_only_that_flow(self) -> None:
        routes = [{"integration_id": str(SHOP), "flow": "orders.shop_to_pos"}]
        assert routing.matches(routes, integration_id=SHOP, flow="orders.shop_to_pos")
        assert not routing.matches(routes, integration_id=SHOP, flow="products")

    def test_an_alert_about_a_connection_goes_to_every_channel(self) -> None:
        routes = [{"integration_id": str(SHOP), "flow": "orders"}]
        assert routing.matches(routes, integration_id=None, flow=None)
