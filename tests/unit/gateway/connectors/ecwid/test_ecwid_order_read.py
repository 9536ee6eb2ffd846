"""Reading an Ecwid order's discounts: ``discount`` already holds the volume discount."""

from syncyard_common.canonical import ChargeKind, Money
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.ecwid.payloads import EcwidOrder
from syncyard_gateway.connectors.ecwid.translate import to_canonical_order


def order(**amounts: float) -> EcwidOrder:
    return EcwidOrder.model_validate(
        {
            "orderNumber": 34,
            "pricesIncludeTax": True,
            "items": [{"id": 1, "sku": "K1", "name": "Koffie", "quantity": 2, "price": 10.0}],
            "shippingOption": {"shippingMethodName": "PostNL", "shippingRate": 4.95},
            **amounts,
        }
    )


def test_the_volume_discount_inside_discount_is_counted_once() -> None:
    """Ecwid: volumeDiscount "is included into the discount field"; 20.00 + 4.95 - 1.00
    coupon - 3.00 discount (2.00 of it volume) = 20.95. Counting the volume discount again came
    to 18.95, and the shop's own order was refused as not adding up."""
    read = to_canonical_order(
        order(couponDiscount=1.0, volumeDiscount=2.0, discount=3.0, total=20.95), currency="EUR"
    )
    discounts = [c.amount.amount for c in read.charges if c.kind is ChargeKind.DISCOUNT]
    assert discounts == [100, 300]
    assert parts_total(read) == read.total == Money(amount=2095, currency="EUR")


def test_a_volume_discount_without_discount_is_still_read() -> None:
    read = to_canonical_order(order(volumeDiscount=2.0, total=22.95), currency="EUR")
    assert parts_total(read) == read.total == Money(amount=2295, currency="EUR")
