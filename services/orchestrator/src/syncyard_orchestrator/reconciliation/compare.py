"""Pure comparison of source and target records (canonical JSON) for a reconciliation.

Orders are matched by our external reference (``<source connector>:<source order id>``, what
the order flow writes into the target) and compared on total and line count; products on
SKU presence (variant SKUs count); stock on the level the stock flow would send. No I/O."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from syncyard_common.canonical import StockLevel
from syncyard_orchestrator.flows.stock import rules as stock_rules
from syncyard_orchestrator.flows.stock.settings import StockFlowSettings

Record = dict[str, Any]
KINDS = ("missing", "extra", "mismatched")


@dataclass(frozen=True)
class Item:
    kind: str  # missing | extra | mismatched
    reference: str
    source_id: str | None = None
    target_id: str | None = None
    field: str | None = None
    source_value: str | None = None
    target_value: str | None = None
    record: Record | None = None  # the source record of a missing one (re-run)


@dataclass(frozen=True)
class Period:
    start: datetime | None
    end: datetime | None

    def holds(self, record: Record) -> bool:
        """Created in [start, end); a record without a date counts as inside."""
        raw = record.get("created_at")
        if not raw:
            return True
        created = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return (self.start is None or created >= self.start) and (
            self.end is None or created < self.end
        )


@dataclass(frozen=True)
class Outcome:
    source_count: int
    target_count: int
    matched: int
    items: list[Item] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """Records (not fields) of this kind: an order differing in two fields counts once."""
        return len({item.reference for item in self.items if item.kind == kind})


def order_reference(order: Record, prefix: str) -> str | None:
    """The external reference a target order carries, if it is one of this source's."""
    extra = order.get("extra") or {}
    for candidate in (
        extra.get("ext_order_id"),
        extra.get("external_reference"),
        order.get("number"),
    ):
        if candidate and str(candidate).startswith(prefix):
            return str(candidate)
    return None


def _money(value: Record | None) -> str | None:
    if not value:
        return None
    amount = int(value["amount"])
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount) // 100}.{abs(amount) % 100:02d} {value.get('currency', '')}".strip()


def compare_orders(
    source: Iterable[Record], target: Iterable[Record], *, source_connector: str, period: Period
) -> Outcome:
    """``source`` and ``target`` may reach past the period (an order placed just before
    midnight is created in the target after it): only orders created in the period are judged,
    the others only help to find partners."""
    prefix = f"{source_connector}:"
    sources = {f"{prefix}{o['source_id']}": o for o in source}
    targets: dict[str, list[Record]] = {}
    for order in target:
        reference = order_reference(order, prefix)
        if reference is not None:  # an order entered at the till itself is not ours to judge
            targets.setdefault(reference, []).append(order)
    judged_sources = {ref: o for ref, o in sources.items() if period.holds(o)}
    judged_targets = {ref: rows for ref, rows in targets.items() if period.holds(rows[0])}
    items: list[Item] = []
    matched = 0
    for reference, order in sorted(judged_sources.items()):
        found = targets.get(reference)
        if not found:
            items.append(
                Item("missing", reference, source_id=str(order["source_id"]), record=order)
            )
            continue
        differences = _order_differences(reference, order, found)
        items.extend(differences)
        matched += not differences
    for reference, rows in sorted(judged_targets.items()):
        if reference not in sources:
            items.append(Item("extra", reference, target_id=str(rows[0]["source_id"])))
    return Outcome(len(judged_sources), len(judged_targets), matched, items)


def _order_differences(reference: str, order: Record, found: list[Record]) -> list[Item]:
    first = found[0]
    pairs = [
        # A doubled order breaks exactly-once: say so first.
        ("count", "1", str(len(found))),
        ("total", _money(order.get("total")), _money(first.get("total"))),
        ("line_count", str(len(order.get("lines") or [])), str(len(first.get("lines") or []))),
    ]
    return [
        Item(
            "mismatched",
            reference,
            source_id=str(order["source_id"]),
            target_id=str(first["source_id"]),
            field=name,
            source_value=source_value,
            target_value=target_value,
        )
        for name, source_value, target_value in pairs
        if source_value is not None and target_value is not None and source_value != target_value
    ]


def _skus(product: Record) -> list[str]:
    return [
        sku
        for sku in (product.get("sku"), *(v.get("sku") for v in product.get("variants") or []))
        if sku
    ]


def compare_products(source: Iterable[Record], target: Iterable[Record]) -> Outcome:
    """SKU presence: every SKU (variants' too) of the source in the target, and back."""
    source_skus = {sku: product for product in source for sku in _skus(product)}
    target_skus = {sku: product for product in target for sku in _skus(product)}
    items = [
        Item("missing", sku, source_id=str(product.get("source_id") or sku), record=product)
        for sku, product in sorted(source_skus.items())
        if sku not in target_skus
    ]
    items += [
        Item("extra", sku, target_id=str(product.get("source_id") or sku))
        for sku, product in sorted(target_skus.items())
        if sku not in source_skus
    ]
    matched = len(source_skus.keys() & target_skus.keys())
    return Outcome(len(source_skus), len(target_skus), matched, items)


def compare_stock(
    source: Iterable[Record], target: Iterable[Record], *, settings: StockFlowSettings
) -> Outcome:
    """The level the stock flow would send for each SKU against the target's level."""
    wanted: dict[str, tuple[int, Record]] = {}
    for record in source:
        if settings.source_location_id and record.get("location_id") != settings.source_location_id:
            continue
        level = StockLevel.model_validate(record)
        wanted[level.sku] = (stock_rules.quantity_to_send(level, settings), record)
    shown: dict[str, int] = {}
    for record in target:
        if settings.target_location_id and record.get("location_id") != settings.target_location_id:
            continue
        shown[str(record["sku"])] = shown.get(str(record["sku"]), 0) + int(record["available"])
    items: list[Item] = []
    matched = 0
    for sku, (quantity, record) in sorted(wanted.items()):
        if sku not in shown:
            items.append(Item("missing", sku, source_id=sku, record=record))
        elif shown[sku] != quantity:
            items.append(Item("mismatched", sku, source_id=sku, target_id=sku, field="level",
                              source_value=str(quantity), target_value=str(shown[sku]),
                              record=record))  # fmt: skip
        else:
            matched += 1
    items += [Item("extra", sku, target_id=sku) for sku in sorted(shown) if sku not in wanted]
    return Outcome(len(wanted), len(shown), matched, items)
