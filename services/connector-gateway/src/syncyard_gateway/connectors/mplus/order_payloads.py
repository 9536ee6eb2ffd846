"""Typed views of MplusKASSA orders as read back (getOrder, getOrders)."""

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from syncyard_gateway.connectors.mplus.article_payloads import moment, number
from syncyard_gateway.connectors.mplus.soap import child, children, path, text


@dataclass(frozen=True)
class OrderAddress:
    name: str | None
    contact: str | None
    address: str | None
    zipcode: str | None
    city: str | None
    country: str | None
    company_name: str | None


@dataclass(frozen=True)
class OrderLineRecord:
    line_id: str | None
    article_number: int
    plu_number: str | None
    text: str | None
    quantity: int
    decimal_places: int
    price: int
    vat_percentage: int | None
    discount_amount: int = 0  # over the whole line, cents


@dataclass(frozen=True)
class OrderRecord:
    order_id: str
    ext_order_id: str | None
    order_string: str | None
    sync_marker: int
    relation_number: int | None
    relation_name: str | None
    vat_method: str | None
    reference: str | None
    total_incl: int | None
    total_excl: int | None
    prepaid: int
    is_fully_paid: bool
    delivery_state: str | None
    cancel_state: str | None
    entered_at: datetime | None
    invoice_address: OrderAddress | None
    delivery_address: OrderAddress | None
    lines: tuple[OrderLineRecord, ...]


def _address(node: etree._Element | None) -> OrderAddress | None:
    if node is None:
        return None
    return OrderAddress(
        name=text(node, "name"),
        contact=text(node, "contact"),
        address=text(node, "address"),
        zipcode=text(node, "zipcode"),
        city=text(node, "city"),
        country=text(node, "country"),
        company_name=text(node, "companyName"),
    )


def _line(node: etree._Element) -> OrderLineRecord:
    data = child(node, "data")
    return OrderLineRecord(
        line_id=text(node, "lineId"),
        article_number=number(node, "articleNumber") or 0,
        plu_number=text(node, "pluNumber"),
        text=text(node, "text"),
        quantity=number(data, "quantity") or 0,
        decimal_places=number(data, "decimalPlaces") or 0,
        price=number(data, "price") or 0,
        vat_percentage=number(data, "vatPercentage"),
        discount_amount=number(data, "discountAmount") or 0,
    )


def read_order(node: etree._Element) -> OrderRecord:
    """One Order element."""
    year_number = child(node, "orderNumber")
    order_string = None
    if year_number is not None:
        order_string = f"{text(year_number, 'year')}-{text(year_number, 'number')}"
    return OrderRecord(
        order_id=text(node, "orderId") or "",
        ext_order_id=text(node, "extOrderId"),
        order_string=order_string,
        sync_marker=number(node, "syncMarker") or 0,
        relation_number=number(node, "relationNumber"),
        relation_name=text(node, "relationName"),
        vat_method=text(node, "vatMethod"),
        reference=text(node, "reference"),
        total_incl=number(node, "totalInclAmount"),
        total_excl=number(node, "totalExclAmount"),
        prepaid=number(node, "prepaidAmount") or 0,
        is_fully_paid=text(node, "fullyPaid") == "true",
        delivery_state=text(node, "deliveryState"),
        cancel_state=text(node, "cancelState"),
        entered_at=moment(node, "entryTimestamp"),
        invoice_address=_address(child(node, "invoiceAddress")),
        delivery_address=_address(child(node, "deliveryAddress")),
        lines=tuple(_line(line) for line in children(path(node, "lineList"), "line")),
    )


def read_found_order(answer: etree._Element) -> OrderRecord | None:
    """GetOrderResponse (getOrder, findOrder) → the order, None when not found."""
    order = child(answer, "order")
    if text(answer, "result") != "GET-ORDER-RESULT-OK" or order is None:
        return None
    return read_order(order)


def read_orders(answer: etree._Element) -> list[OrderRecord]:
    """GetOrdersResponse → its orders, in answer order."""
    return [read_order(order) for order in children(child(answer, "orderList"), "order")]
