"""Building v2 orders: string money with four decimals, RFC 2822 dates, lines and addresses."""

from decimal import Decimal
from typing import Any

from syncyard_sim_bigcommerce.clock import v2_date
from syncyard_sim_bigcommerce.errors import ApiError
from syncyard_sim_bigcommerce.order_statuses import PAID, STATUSES, status_name
from syncyard_sim_bigcommerce.store import DEFAULT_LOCATION_ID, Json, Store

ADDRESS = ("first_name", "last_name", "company", "street_1", "street_2", "city", "state", "zip",
           "country", "country_iso2", "phone", "email")  # fmt: skip
ZERO = "0.0000"


def money(value: Decimal | int | float | str) -> str:
    """`19.95` → `"19.9500"`."""
    return str(Decimal(str(value)).quantize(Decimal("0.0001")))


def _amount(given: Json, key: str, default: Decimal) -> Decimal:
    try:
        return Decimal(str(given[key])) if given.get(key) not in (None, "") else default
    except ArithmeticError:
        raise ApiError(400, f"The field '{key}' is invalid.") from None


def _address(given: Any, field: str) -> Json:
    if not isinstance(given, dict):
        raise ApiError(400, f"The field '{field}' is invalid.")
    return {key: str(given.get(key) or "") for key in ADDRESS}


def _line(store: Store, order_id: int, given: Json, index: int) -> Json:
    """One order product, from the catalogue (`product_id`) or custom (`name`)."""
    quantity = given.get("quantity")
    if not isinstance(quantity, int) or quantity < 1:
        raise ApiError(400, f"The field 'products[{index}].quantity' is invalid.")
    product_id, variant_id = int(given.get("product_id") or 0), int(given.get("variant_id") or 0)
    name, sku, price = str(given.get("name") or ""), str(given.get("sku") or ""), Decimal(0)
    if product_id:
        product = store.products.get(product_id)
        if product is None:
            raise ApiError(400, f"The product ID {product_id} is invalid.")
        variant = next((v for v in product["variants"] if v["id"] == variant_id), None)
        if variant is None:
            variant = next((v for v in product["variants"] if not v["option_values"]), None)
        if variant is None:
            raise ApiError(400, f"Product {product_id} has options; give its variant_id.")
        name, sku, variant_id = product["name"], variant["sku"], variant["id"]
        own = variant["price"] if variant["price"] is not None else product["price"]
        price = Decimal(str(own))
        key = (variant_id, DEFAULT_LOCATION_ID)
        store.stock[key] = max(0, store.stock.get(key, 0) - quantity)
    elif not name:
        raise ApiError(400, f"The field 'products[{index}].name' is invalid.")
    inc = _amount(given, "price_inc_tax", _amount(given, "price_ex_tax", price))
    ex = _amount(given, "price_ex_tax", inc)
    return {
        "id": store.new_id("order_product"), "order_id": order_id, "product_id": product_id,
        "variant_id": variant_id, "order_pickup_method_id": 0, "order_address_id": 0,
        "name": name, "name_customer": name, "name_merchant": name, "sku": sku,
        "upc": str(given.get("upc") or ""), "type": "physical", "base_price": money(inc),
        "price_ex_tax": money(ex), "price_inc_tax": money(inc), "price_tax": money(inc - ex),
        "base_total": money(inc * quantity), "total_ex_tax": money(ex * quantity),
        "total_inc_tax": money(inc * quantity), "total_tax": money((inc - ex) * quantity),
        "quantity": quantity, "base_cost_price": ZERO, "cost_price_inc_tax": ZERO,
        "cost_price_ex_tax": ZERO, "cost_price_tax": ZERO, "weight": 0, "width": ZERO,
        "height": ZERO, "depth": ZERO, "is_refunded": False, "quantity_refunded": 0,
        "refund_amount": ZERO, "return_id": 0, "wrapping_id": 0, "wrapping_name": None,
        "base_wrapping_cost": ZERO, "wrapping_cost_ex_tax": ZERO, "wrapping_cost_inc_tax": ZERO,
        "wrapping_cost_tax": ZERO, "wrapping_message": "", "quantity_shipped": 0,
        "event_name": None, "event_date": None, "fixed_shipping_cost": ZERO,
        "ebay_item_id": "", "ebay_transaction_id": "", "option_set_id": None,
        "parent_order_product_id": None, "is_bundled_product": False,
        "bin_picking_number": "", "external_id": None, "brand": "", "applied_discounts": [],
        "product_options": [], "configurable_fields": [], "gift_certificate_id": None,
        "discounted_total_inc_tax": money(inc * quantity),
    }  # fmt: skip


def build_order(store: Store, given: Json) -> tuple[Json, list[Json], list[Json]]:
    """The order, its products and its shipping addresses; 400 for what v2 rejects."""
    billing = _address(given.get("billing_address"), "billing_address")
    products = given.get("products")
    if (
        not isinstance(products, list)
        or not products
        or not all(isinstance(p, dict) for p in products)
    ):
        raise ApiError(400, "The field 'products' is invalid.")
    status_id = given.get("status_id", 1)
    if status_id not in STATUSES:
        raise ApiError(400, f"The field 'status_id' is invalid: {status_id}.")
    order_id, now = store.new_id("order"), store.clock.now()
    stock_before = dict(store.stock)
    try:
        lines = [_line(store, order_id, p, n) for n, p in enumerate(products)]
    except ApiError:
        store.stock = stock_before  # all or nothing
        raise
    ship_ex_given = _amount(given, "shipping_cost_ex_tax", Decimal(0))
    ship_inc = _amount(given, "shipping_cost_inc_tax", ship_ex_given)
    ship_ex = _amount(given, "shipping_cost_ex_tax", ship_inc)
    discount = _amount(given, "discount_amount", Decimal(0))
    sub_ex = sum((Decimal(li["total_ex_tax"]) for li in lines), Decimal(0))
    sub_inc = sum((Decimal(li["total_inc_tax"]) for li in lines), Decimal(0))
    shipping = [_shipping(store, order_id, a, lines) for a in given.get("shipping_addresses") or []]
    for line in lines:
        line["order_address_id"] = shipping[0]["id"] if shipping else 0
    currency = str(given.get("default_currency_code") or store.settings.currency)
    order: Json = {
        "id": order_id, "customer_id": int(given.get("customer_id") or 0),
        "date_created": v2_date(now), "date_modified": v2_date(now), "date_shipped": "",
        "status_id": status_id, "status": status_name(status_id),
        "custom_status": status_name(status_id),
        "subtotal_ex_tax": money(sub_ex), "subtotal_inc_tax": money(sub_inc),
        "subtotal_tax": money(sub_inc - sub_ex), "base_shipping_cost": money(ship_inc),
        "shipping_cost_ex_tax": money(ship_ex), "shipping_cost_inc_tax": money(ship_inc),
        "shipping_cost_tax": money(ship_inc - ship_ex), "shipping_cost_tax_class_id": 2,
        "base_handling_cost": ZERO, "handling_cost_ex_tax": ZERO, "handling_cost_inc_tax": ZERO,
        "handling_cost_tax": ZERO, "handling_cost_tax_class_id": 2, "base_wrapping_cost": ZERO,
        "wrapping_cost_ex_tax": ZERO, "wrapping_cost_inc_tax": ZERO, "wrapping_cost_tax": ZERO,
        "wrapping_cost_tax_class_id": 3,
        "total_ex_tax": money(sub_ex + ship_ex - discount),
        "total_inc_tax": money(sub_inc + ship_inc - discount),
        "total_tax": money(sub_inc + ship_inc - sub_ex - ship_ex),
        "items_total": sum(li["quantity"] for li in lines), "items_shipped": 0,
        "payment_method": str(given.get("payment_method") or "Manual"),
        "payment_status": "captured" if status_id in PAID else "pending",
        "refunded_amount": ZERO, "order_is_digital": False, "store_credit_amount": ZERO,
        "gift_certificate_amount": ZERO, "ip_address": "", "ip_address_v6": "",
        "geoip_country": "", "geoip_country_iso2": "", "currency_id": 1,
        "currency_code": currency, "currency_exchange_rate": "1.0000000000",
        "default_currency_id": 1, "default_currency_code": currency,
        "store_default_currency_code": store.settings.currency,
        "store_default_to_transactional_exchange_rate": "1.0000000000",
        "staff_notes": str(given.get("staff_notes") or ""),
        "customer_message": str(given.get("customer_message") or ""),
        "discount_amount": money(discount), "coupon_discount": ZERO,
        "shipping_address_count": len(shipping), "is_deleted": False, "ebay_order_id": "0",
        "cart_id": "", "billing_address": billing | {"form_fields": []},
        "is_email_opt_in": False, "order_source": str(given.get("order_source") or "external"),
        "channel_id": int(given.get("channel_id") or 1),
        "external_source": given.get("external_source"), "external_id": given.get("external_id"),
        "external_merchant_id": given.get("external_merchant_id"),
        "external_order_id": str(given.get("external_order_id") or ""),
        "tax_provider_id": "", "customer_locale": "en", "_created": now, "_modified": now,
    }  # fmt: skip
    return order, lines, shipping


def _shipping(store: Store, order_id: int, given: Any, lines: list[Json]) -> Json:
    address = _address(given, "shipping_addresses")
    return {"id": store.new_id("order_address"), "order_id": order_id} | address | {
        "items_total": sum(li["quantity"] for li in lines), "items_shipped": 0,
        "shipping_method": str(given.get("shipping_method") or ""), "base_cost": ZERO,
        "cost_ex_tax": ZERO, "cost_inc_tax": ZERO, "cost_tax": ZERO, "cost_tax_class_id": 2,
        "base_handling_cost": ZERO, "handling_cost_ex_tax": ZERO, "handling_cost_inc_tax": ZERO,
        "handling_cost_tax": ZERO, "handling_cost_tax_class_id": 2, "shipping_zone_id": 1,
        "shipping_zone_name": "", "form_fields": [],
    }  # fmt: skip
