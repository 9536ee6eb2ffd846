"""Building and changing order records: statuses, items, totals (money as JSON numbers)."""

import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from syncyard_sim_ecwid.errors import EcwidError, wrong_parameter
from syncyard_sim_ecwid.store import Json, Store

PAYMENT_STATUSES = (
    "AWAITING_PAYMENT",
    "PAID",
    "CANCELLED",
    "REFUNDED",
    "PARTIALLY_REFUNDED",
    "INCOMPLETE",
)
FULFILLMENT_STATUSES = (
    "AWAITING_PROCESSING",
    "PROCESSING",
    "SHIPPED",
    "DELIVERED",
    "WILL_NOT_DELIVER",
    "RETURNED",
    "READY_FOR_PICKUP",
)
ORDER_FIELDS = (
    "email",
    "paymentMethod",
    "paymentModule",
    "paymentStatus",
    "fulfillmentStatus",
    "customerId",
    "billingPerson",
    "shippingPerson",
    "shippingOption",
    "orderComments",
    "privateAdminNotes",
    "trackingNumber",
    "externalOrderId",
    "externalTransactionId",
    "acceptMarketing",
    "hidden",
    "pricesIncludeTax",
    "subtotal",
    "total",
    "tax",
    "couponDiscount",
    "volumeDiscount",
    "discount",
    "refundedAmount",
)
_CENT = Decimal("0.01")


def number(value: Any, name: str) -> Decimal:
    """A JSON number as an exact Decimal (via its shortest text form)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise wrong_parameter(name, value, "expected a number")
    return Decimal(str(value))


def as_json_number(value: Decimal) -> float:
    """Two decimals, as the JSON number Ecwid prints (19.95)."""
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def public_id(store: Store, order_number: int) -> str:
    """The newer alphanumeric order id ("EBJFT"), derived so it is stable per number."""
    digest = hashlib.sha256(f"{store.settings.store_id}:{order_number}".encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:5])


def _item(store: Store, given: Any) -> Json:
    if not isinstance(given, dict):
        raise wrong_parameter("items", given, "each item must be an object")
    quantity = given.get("quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise wrong_parameter("quantity", quantity, "expected a positive integer")
    price = number(given.get("price", 0), "price")
    taxes = given.get("taxes", [])
    tax = sum((number(t.get("total", 0), "taxes.total") for t in taxes), Decimal(0))
    return {
        "id": store.new_id("item"),
        "productId": given.get("productId", 0),
        "categoryId": given.get("categoryId", 0),
        "sku": given.get("sku", ""),
        "name": given.get("name", ""),
        "quantity": quantity,
        "price": as_json_number(price),
        "productPrice": as_json_number(
            number(given.get("productPrice", given.get("price", 0)), "productPrice")
        ),
        "tax": as_json_number(tax),
        "taxes": taxes,
        "weight": given.get("weight", 0),
        "selectedOptions": given.get("selectedOptions", []),
        "couponAmount": 0,
        "discounts": [],
    }


def _check_statuses(given: Json) -> None:
    for name, allowed in (
        ("paymentStatus", PAYMENT_STATUSES),
        ("fulfillmentStatus", FULFILLMENT_STATUSES),
    ):
        if name in given and given[name] not in allowed:
            raise wrong_parameter(name, given[name])


def apply_order(store: Store, record: Json, given: Json) -> None:
    """Copy writable fields; `items` replaces every item; totals follow unless given."""
    _check_statuses(given)
    external = given.get("externalOrderId")
    if external and any(
        o.get("externalOrderId") == external and o is not record for o in store.orders.values()
    ):
        raise EcwidError(
            409,
            "Entity with this external ID already exists in the store.",
            "EXTERNAL_ID_ALREADY_USED",
        )
    for name in ("subtotal", "total", "tax", "couponDiscount", "volumeDiscount", "discount"):
        if name in given:
            given = given | {name: as_json_number(number(given[name], name))}
    if "items" in given:
        if not isinstance(given["items"], list):
            raise wrong_parameter("items", given["items"], "expected a list")
        record["items"] = [_item(store, item) for item in given["items"]]
    for name in ORDER_FIELDS:
        if name in given:
            record[name] = given[name]
    _fill_totals(record, given)


def _fill_totals(record: Json, given: Json) -> None:
    """Totals the caller did not give: subtotal = Σ price x qty; total adds shipping (+tax)."""
    subtotal = sum((Decimal(str(i["price"])) * i["quantity"] for i in record["items"]), Decimal(0))
    tax = sum((Decimal(str(i["tax"])) for i in record["items"]), Decimal(0))
    shipping = Decimal(str((record.get("shippingOption") or {}).get("shippingRate", 0)))
    if "subtotal" not in given:
        record["subtotal"] = as_json_number(subtotal)
    if "tax" not in given:
        record["tax"] = as_json_number(tax)
    if "total" not in given:
        extra_tax = Decimal(0) if record.get("pricesIncludeTax") else tax
        record["total"] = as_json_number(subtotal + shipping + extra_tax)
    record["usdTotal"] = record["total"]


def new_order(store: Store, given: Json) -> Json:
    """A new order; its number is taken only once the body has passed validation."""
    record: Json = {
        "id": "",
        "orderNumber": 0,
        "vendorOrderNumber": "",
        "email": "",
        "subtotal": 0,
        "total": 0,
        "tax": 0,
        "usdTotal": 0,
        "couponDiscount": 0,
        "volumeDiscount": 0,
        "discount": 0,
        "paymentMethod": "",
        "paymentModule": "",
        "paymentStatus": "AWAITING_PAYMENT",
        "fulfillmentStatus": "AWAITING_PROCESSING",
        "customerId": 0,
        "customerGroupId": 0,
        "billingPerson": {},
        "shippingPerson": {},
        "shippingOption": {},
        "items": [],
        "orderComments": "",
        "privateAdminNotes": "",
        "trackingNumber": "",
        "refundedAmount": 0,
        "refunds": [],
        "externalOrderId": "",
        "externalTransactionId": "",
        "acceptMarketing": False,
        "hidden": False,
        "pricesIncludeTax": False,
    }
    apply_order(store, record, given)
    order_number = store.new_id("order")
    record |= {
        "id": public_id(store, order_number),
        "orderNumber": order_number,
        "vendorOrderNumber": str(order_number),
    }
    store.stamp(record, created=True, prefix="order")
    return record


def status_change(before: Json, after: Json, *, created: bool) -> Json:
    """Webhook `data` of an order event: the new (and unless created, old) statuses."""
    data: Json = {"orderId": after["id"]}
    if not created:
        data["oldPaymentStatus"] = before["paymentStatus"]
    data["newPaymentStatus"] = after["paymentStatus"]
    if not created:
        data["oldFulfillmentStatus"] = before["fulfillmentStatus"]
    data["newFulfillmentStatus"] = after["fulfillmentStatus"]
    return data
