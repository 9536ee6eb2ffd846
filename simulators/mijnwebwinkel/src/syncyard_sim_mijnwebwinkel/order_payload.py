"""A new order from an OrderPostable body: debtor, lines, totals, status and payment."""

import copy
from collections import defaultdict
from decimal import Decimal
from typing import Any

from syncyard_sim_mijnwebwinkel import order_lines, seed
from syncyard_sim_mijnwebwinkel.clock import split
from syncyard_sim_mijnwebwinkel.errors import invalid
from syncyard_sim_mijnwebwinkel.money import price_string
from syncyard_sim_mijnwebwinkel.store import Json, Store

GATEWAYS = frozenset(
    [
        "basic",
        "klarna_checkout",
        "mollie",
        "multisafepay",
        "paynl",
        "paypal",
        "sisow",
        "sumup",
        "zettle",
    ]
)
METHODS = frozenset(
    [
        "advance",
        "afterpay",
        "apple_pay",
        "bancontact",
        "belfius",
        "card",
        "cash",
        "creditcard",
        "directdebit",
        "external",
        "giropay",
        "ideal",
        "ideal:issuer",
        "invoice",
        "kbccbc",
        "klarna_checkout",
        "klarna_paylater",
        "klarna_paynow",
        "klarna_sliceit",
        "maestro",
        "mastercard",
        "paypal",
        "paysafecard",
        "pickup",
        "rembours",
        "singledebit",
        "sofortbanking",
        "visa",
        "webshop_giftcard",
    ]
)
PAYMENT_TEXTS = {0: "Unknown", 1: "Successful", 2: "Cancelled", 5: "Pending"}
_ADDRESS_FIELDS = ("gender", "name", "company", "phone", "street", "number", "zipcode", "city")


REFERENCE_MAX = 255  # OrderPostable.reference maxLength (specs/vendor/mijnwebwinkel/openapi.yaml)


def create_order(
    store: Store,
    body: Json,
    *,
    override_stock: bool,
    test: bool = False,
    costs: bool = False,
    shipping: bool = False,
) -> Json:
    """Validate, take stock (all or nothing) and return the new order; `costs`: payment and
    shipping cost lines are taken too (a shopper's checkout, never the API); `shipping`: the
    store adds its own shipping cost (the API without `disable_shipping=true`)."""
    debtor = _debtor(store, body.get("debtor"))
    business_model = body.get("business_model", "B2C")
    if business_model not in ("B2C", "B2B"):
        raise invalid("business_model: The value you selected is not a valid choice.")
    if business_model == "B2B" and not debtor["address"]["invoice"].get("company"):
        raise invalid("debtor.address.invoice.company: Required for B2B orders.")
    if body.get("reference") not in (None, "") and business_model != "B2B":
        raise invalid("reference: Only available for B2B orders.")
    if isinstance(body.get("reference"), str) and len(body["reference"]) > REFERENCE_MAX:
        raise invalid(
            f"reference: This value is too long. It should have {REFERENCE_MAX} characters or less."
        )
    status = status_of(body.get("status", seed.NEW_ORDER_STATUS))
    given_lines = body.get("orderlines")
    if not isinstance(given_lines, list) or not given_lines:
        raise invalid("orderlines: Specify at least one order line.")
    stock_before = copy.deepcopy(store.articles)
    try:
        lines = [
            order_lines.build_line(store, entry, index, override_stock=override_stock, costs=costs)
            for index, entry in enumerate(given_lines)
        ]
    except Exception:
        store.articles.clear()
        store.articles.update(stock_before)
        raise
    shipping_line = order_lines.store_shipping_line(store) if shipping else None
    if shipping_line is not None:
        lines.append(shipping_line)
    now = split(store.now())
    order: Json = {
        "number": store.new_order_number(),
        "uuid": store.new_uuid("order"),
        "date": now[0],
        "time": now[1],
        "status": status,
        "status_changed_date": now[0],
        "status_changed_time": now[1],
        "weight": "0.000",
        "archived": bool(body.get("archived", False)),
        "finished": True,
        "taxed": "include" if store.settings.prices_include_tax else "exclude",
        "locale": "nl_NL",
        "discountcode": str(body.get("discountcode") or ""),
        "currency": "EUR",
        "currency_format_locale": "nl_NL",
        "credit_order_numbers": [],
        "comments": {"customer": "", "internal": _internal_comment(body.get("comments"))},
        "business_model": business_model,
        "tax_region": "NL",
        "tax_strategy": "",
        "payment_status": "new",
        "debtor": debtor,
        "price": _totals(lines),
        "orderlines": lines,
        "shipping": [{"country": {"description": "Nederland", "isocode": "NL"}}],
        "test": test,
    }
    if business_model == "B2B":
        order["reference"] = str(body.get("reference") or "")
    if body.get("payment") is not None:
        order["payment"] = _payment(body["payment"])
        order["payment_status"] = "captured" if order["payment"]["status"]["id"] == 1 else "new"
    return order


def status_of(value: Any) -> int:
    """A status id from the catalogue that is not a credit status; 422 otherwise."""
    allowed = {status for status, *_, credit in seed.ORDER_STATUSES if not credit}
    if isinstance(value, bool) or value not in allowed:
        raise invalid("status: The value you selected is not a valid choice.")
    return int(value)


def _internal_comment(given: Any) -> str:
    if given is None:
        return ""
    if not isinstance(given, dict) or not isinstance(given.get("internal", ""), str):
        raise invalid("comments.internal: This value should be of type string.")
    return str(given.get("internal", ""))


def _debtor(store: Store, given: Any) -> Json:
    if not isinstance(given, dict):
        raise invalid("debtor: This value should not be blank.")
    address = given.get("address")
    if not isinstance(address, dict) or not isinstance(address.get("invoice"), dict):
        raise invalid("debtor.address.invoice: This value should not be blank.")
    debtor: Json = {"email": str(given.get("email") or "")}
    if given.get("id") is not None:
        if given["id"] not in store.customers:
            raise invalid("debtor.id: Unknown customer.")
        debtor["id"] = given["id"]
    debtor["address"] = {"invoice": _address(address["invoice"], "invoice")}
    if isinstance(address.get("delivery"), dict):
        debtor["address"]["delivery"] = _address(address["delivery"], "delivery")
    invoice = debtor["address"]["invoice"]
    # Deprecated copies of the invoice name, company and phone, still sent by v1.
    debtor |= {k: invoice[k] for k in ("name", "company", "phone", "gender") if k in invoice}
    return debtor


def _address(given: Json, side: str) -> Json:
    for required in ("name", "zipcode"):
        if not isinstance(given.get(required), str) or not given[required].strip():
            raise invalid(f"debtor.address.{side}.{required}: This value should not be blank.")
    address = {k: str(given[k]) for k in _ADDRESS_FIELDS if given.get(k) is not None}
    code = given.get("country_code") or "NL"
    if not isinstance(code, str) or len(code) != 2 or not code.isalpha():
        raise invalid(f"debtor.address.{side}.country_code: This value is not a valid country.")
    address["country_code"] = code.upper()
    if side == "invoice" and given.get("taxnumber"):
        address["taxnumber"] = str(given["taxnumber"])
    return address


def _payment(given: Any) -> Json:
    if not isinstance(given, dict):
        raise invalid("payment: This value should be an object.")
    if given.get("gateway_name") not in GATEWAYS:
        raise invalid("payment.gateway_name: The value you selected is not a valid choice.")
    if given.get("method_name") not in METHODS:
        raise invalid("payment.method_name: The value you selected is not a valid choice.")
    status: Json = given["status"] if isinstance(given.get("status"), dict) else {}
    status_id: int = status["id"] if status.get("id") in PAYMENT_TEXTS else 0
    return {
        "gateway_name": given["gateway_name"],
        "method_name": given["method_name"],
        "status": {"id": status_id, "text": PAYMENT_TEXTS[status_id]},
    }


def _totals(lines: list[Json]) -> Json:
    total = Decimal(0)
    tax_by_rate: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        # A cost spread over VAT rates is priced as a list of parts, each in the total.
        for price in line["price"] if isinstance(line["price"], list) else [line["price"]]:
            including = Decimal(price["amount_including_tax"])
            total += including
            tax_by_rate[price["rate"]] += including - Decimal(price["amount"])
    tax = [{"rate": rate, "amount": price_string(vat, 6)} for rate, vat in tax_by_rate.items()]
    # One VAT rate is answered as a single TaxPrice, several as a list (as the live API does).
    return {"tax": tax[0] if len(tax) == 1 else tax, "total": price_string(total)}
