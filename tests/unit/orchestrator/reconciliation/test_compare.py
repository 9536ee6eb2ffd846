"""The pure comparison of a reconciliation: orders, products and stock."""

from datetime import UTC, datetime
from typing import Any

from syncyard_orchestrator.flows.stock.settings import StockFlowSettings
from syncyard_orchestrator.reconciliation import compare

DAY = compare.Period(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC))


def shop_order(
    order_id: str, *, total: int = 900, lines: int = 1, at: str = "2026-12-01T10:00:00Z"
) -> dict[str, Any]:
    return {
        "source_id": order_id,
        "total": {"amount": total, "currency": "EUR"},
        "lines": [{"sku": "1", "quantity": 1}] * lines,
        "created_at": at,
    }


def till_order(reference: str | None, till_id: str, **kwargs: Any) -> dict[str, Any]:
    order = shop_order(till_id, **kwargs)
    order["extra"] = {"ext_order_id": reference}
    return order


class TestOrders:
    def test_a_synced_order_matches_and_a_deleted_one_is_missing(self) -> None:
        outcome = compare.compare_orders(
            [shop_order("1"), shop_order("2")],
            [till_order("shopify:1", "T1")],
            source_connector="shopify",
            period=DAY,
        )
        assert (outcome.matched, outcome.count("missing")) == (1, 1)
        [missing] = outcome.items
        assert (missing.kind, missing.reference, missing.source_id) == ("missing", "shopify:2", "2")
        assert missing.record is not None

    def test_a_till_order_the_shop_never_had_is_extra_and_walk_in_sales_are_ignored(self) -> None:
        outcome = compare.compare_orders(
            [],
            [till_order("shopify:77", "T1"), till_order(None, "T2")],
            source_connector="shopify",
            period=DAY,
        )
        assert [(i.kind, i.reference, i.target_id) for i in outcome.items] == [
            ("extra", "shopify:77", "T1")
        ]
        assert outcome.target_count == 1

    def test_total_and_line_count_differences_are_reported_with_both_values(self) -> None:
        outcome = compare.compare_orders(
            [shop_order("1", total=1250, lines=2)],
            [till_order("shopify:1", "T1", total=1000, lines=1)],
            source_connector="shopify",
            period=DAY,
        )
        found = {(i.field, i.source_value, i.target_value) for i in outcome.items}
        assert found == {("total", "12.50 EUR", "10.00 EUR"), ("line_count", "2", "1")}
        assert outcome.count("mismatched") == 1  # one order, two fields

    def test_a_doubled_order_in_the_target_is_reported(self) -> None:
        outcome = compare.compare_orders(
            [shop_order("1")],
            [till_order("shopify:1", "T1"), till_order("shopify:1", "T2")],
            source_connector="shopify",
            period=DAY,
        )
        assert [(i.field, i.source_value, i.target_value) for i in outcome.items] == [
            ("count", "1", "2")
        ]

    def test_an_order_synced_after_midnight_still_finds_its_partner(self) -> None:
        late = shop_order("1", at="2026-12-01T23:59:59Z")
        synced = till_order("shopify:1", "T1", at="2026-12-02T00:00:03Z")
        outcome = compare.compare_orders([late], [synced], source_connector="shopify", period=DAY)
        assert (outcome.matched, outcome.items) == (1, [])


class TestProducts:
    def test_sku_presence_counts_variants(self) -> None:
        source = [{"source_id": "P1", "sku": "A", "variants": [{"sku": "A-S"}, {"sku": "A-M"}]}]
        target: list[dict[str, Any]] = [
            {"source_id": "9", "sku": "A", "variants": [{"sku": "A-S"}]},
            {"sku": "Z"},
        ]
        outcome = compare.compare_products(source, target)
        assert [(i.kind, i.reference) for i in outcome.items] == [
            ("missing", "A-M"),
            ("extra", "Z"),
        ]
        assert outcome.matched == 2


class TestStock:
    def test_the_level_the_flow_would_send_is_compared(self) -> None:
        source = [
            {"sku": "1", "available": 10, "reserved": 3},
            {"sku": "2", "available": 5, "reserved": 0},
            {"sku": "3", "available": 1, "reserved": 0},
        ]
        target = [{"sku": "1", "available": 3}, {"sku": "2", "available": 5}]
        outcome = compare.compare_stock(source, target, settings=StockFlowSettings())
        assert [(i.kind, i.reference, i.source_value, i.target_value) for i in outcome.items] == [
            ("mismatched", "1", "7", "3"),
            ("missing", "3", None, None),
        ]
        assert outcome.matched == 1
