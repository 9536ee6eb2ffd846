"""Entity references in audit entries: what a merchant would search the activity log for."""

import uuid

import pytest

from syncyard_common.canonical import Customer, Money, Order, OrderLine
from syncyard_common.messages import customers, orders, products
from syncyard_common.messages.by_type import MESSAGE_TYPES
from syncyard_gateway.commands import operations
from syncyard_gateway.webhooks.service import entity_ref

CONNECTION = uuid.UUID("00000000-0000-4000-8000-0000000000c1")


class TestWebhookEntityRef:
    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ({"id": 1, "name": "#1001", "order_number": 1001}, "#1001"),
            ({"id": 1, "order_number": 1001}, "1001"),
            ({"id": 1, "number": 7}, "7"),
            ({"id": 1, "name": True}, None),
            ({"id": 1, "name": ""}, None),
            ({"id": 1}, None),
        ],
    )
    def test_prefers_the_order_name(self, payload: dict[str, object], expected: str | None) -> None:
        assert entity_ref(payload) == expected


class TestCommandReference:
    def test_create_order_uses_the_order_number(self) -> None:
        order = Order(
            source_id="4242",
            number="#1001",
            currency="EUR",
            lines=[OrderLine(sku="1", quantity=1, unit_price=Money(amount=1, currency="EUR"))],
        )
        command = orders.CreateOrderV1(
            connection_id=CONNECTION, order=order, external_reference="SY-1", idempotency_key="k"
        )
        assert operations.reference(command) == "#1001"

    def test_customer_commands_use_the_email(self) -> None:
        customer = Customer(email="jan@example.nl")
        upsert = customers.UpsertCustomerV1(connection_id=CONNECTION, customer=customer)
        find = customers.FindCustomerV1(connection_id=CONNECTION, email="piet@example.nl")
        assert operations.reference(upsert) == "jan@example.nl"
        assert operations.reference(find) == "piet@example.nl"

    def test_product_check_lists_the_first_skus(self) -> None:
        skus = [str(n) for n in range(8)]
        command = products.CheckProductsV1(connection_id=CONNECTION, skus=skus)
        assert operations.reference(command) == "0, 1, 2, 3, 4"

    def test_every_gateway_command_type_has_an_operation(self) -> None:
        commands = {name for name in MESSAGE_TYPES if name.startswith("gateway.")}
        assert commands == set(operations.OPERATIONS)
        for name, operation in operations.OPERATIONS.items():
            assert operation.model.model_fields["type"].default == name
