"""The shared half of the source-side order-totals properties: money as vendors write it, and
the check that an order read from a shop books its total in every target or is refused."""

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from syncyard_common.canonical import Money, Order
from syncyard_common.canonical.order_totals import parts_total
from syncyard_gateway.connectors.errors import ConnectorDataError
from tests.unit.gateway.connectors.test_order_totals_property import TARGETS, _verdict

RATES = [None, Decimal("0.21"), Decimal("0.09")]
# Four vendors x 120 orders, each read and checked against six targets: a few seconds.
SOURCE_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def text(minor: int, currency: str, places: int | None = None) -> str:
    """Minor units as the vendor's decimal text, with ``places`` decimals (trailing zeros)."""
    exponent = Money.exponent(currency)
    value = Decimal(minor).scaleb(-exponent)
    return f"{value:.{exponent if places is None else max(places, exponent)}f}"


def half_even(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def now_and_then(draw: st.DrawFn) -> bool:
    """True about one time in eight (e.g. an order with an amount finer than a cent)."""
    return all(draw(st.booleans()) for _ in range(3))


def read_or_refused(read: Callable[[], Order], refusal: str | None) -> Order | None:
    """The read order; None when the read refused it, which it must exactly when it should."""
    if refusal is None:
        return read()
    with pytest.raises(ConnectorDataError) as refused:
        read()
    assert refused.value.code == refusal
    assert refused.value.reason
    return None


def books_in_every_target(read: Order, vendor_total: int) -> None:
    """The read order's total is the vendor's, its parts explain it, and each target books it
    (in its own currency, less the difference it notes) or refuses it with a reason before
    writing: at the order check, or while its payload is built (a line without SKU)."""
    assert read.total is not None
    assert read.total.amount == vendor_total  # to the cent
    for connector, currency, target_total in TARGETS.values():
        verdict = _verdict(connector, currency, read)
        if verdict.problems:
            assert all(p.reason and p.code and p.field for p in verdict.problems)
            continue
        assert parts_total(read) == read.total  # else refused: order_total_mismatch
        booked: int | None = None
        why: tuple[str, str] = ("", "")
        try:
            booked = target_total(verdict.order)
        except ConnectorDataError as refused:
            why = (refused.code, refused.reason)
        if booked is None:
            assert all(why)
        elif read.currency == verdict.order.currency:
            assert booked == vendor_total - verdict.difference
