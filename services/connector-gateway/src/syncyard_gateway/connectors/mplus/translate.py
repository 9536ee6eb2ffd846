"""Pure translation between the canonical model and MplusKASSA request/answer shapes."""

import re
from collections.abc import Mapping

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.errors import ArticleNumberNotNumeric, ConnectorDataError
from syncyard_gateway.connectors.mplus.payloads import Article, Relation
from syncyard_gateway.connectors.mplus.soap import XmlValue

# Web orders are marked as coming from outside the till, so they stand apart from the
# sales orders staff key in themselves (and reports can tell the two channels apart).
ORDER_TYPE = "ORDER-TYPE-EXTERNAL-SALES-ORDER"
_ARTICLE_NUMBER = re.compile(r"[0-9]{1,18}")  # xsd:long, ASCII digits only


def address_line(address: Address | None) -> str | None:
    """MplusKASSA keeps street and number in one line: "Keizersgracht 123a", "Dorpsweg 4 bis"."""
    if address is None:
        return None
    if address.street:
        number = address.house_number or ""
        suffix = address.house_number_suffix or ""
        # A single letter sticks to the number (123a); longer additions stand apart (4 bis).
        joiner = "" if len(suffix) == 1 and suffix.isalpha() else " "
        house = f"{number}{joiner}{suffix}".strip() if number else suffix
        return " ".join(part for part in (address.street, house) if part)
    return address.line1


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """ "Anna de Vries" → ("Anna", "de Vries"); MplusKASSA keeps one name field."""
    if not name:
        return None, None
    first, _, last = name.strip().partition(" ")
    return first or None, last.strip() or None


def to_relation(customer: Customer, *, relation_number: str | None) -> dict[str, XmlValue]:
    """A createRelation/updateRelation body, fields in WSDL order.

    A company becomes a company relation (name = company, contact = the person) carrying the
    person as a nested contact; the e-mail stays on the company only, so that looking the
    debtor up by e-mail finds the company and not its contact person.
    """
    billing = customer.billing_address
    shipping = customer.shipping_address
    person = customer.full_name or None
    is_company = bool(customer.company_name)
    relation: dict[str, XmlValue] = {
        "relationNumber": relation_number,
        "name": customer.company_name if is_company else person,
        "address": address_line(billing),
        "zipcode": billing.postcode if billing else None,
        "city": billing.city if billing else None,
        "country": billing.country_code if billing else None,
        "deliveryAddress": address_line(shipping),
        "deliveryZipcode": shipping.postcode if shipping else None,
        "deliveryCity": shipping.city if shipping else None,
        "deliveryCountry": shipping.country_code if shipping else None,
        "contact": person if is_company else None,
        "telephone": customer.phone,
        "email": customer.email,
        "vatNumber": customer.vat_number,
    }
    if is_company and person and relation_number is None:
        # Only on create: a contact sent again on update would not replace the first one.
        relation["contactList"] = {"relation": [{"name": person, "telephone": customer.phone}]}
    relation["companyName"] = customer.company_name
    return relation


# updateRelation body element → the stored relation's attribute it sets.
_RELATION_FIELDS = {
    "name": "name",
    "address": "address",
    "zipcode": "zipcode",
    "city": "city",
    "country": "country",
    "deliveryAddress": "delivery_address",
    "deliveryZipcode": "delivery_zipcode",
    "deliveryCity": "delivery_city",
    "deliveryCountry": "delivery_country",
    "contact": "contact",
    "telephone": "telephone",
    "email": "email",
    "vatNumber": "vat_number",
    "companyName": "company_name",
}


def is_stored_as(stored: Relation, update: Mapping[str, XmlValue]) -> bool:
    """Does the till already hold exactly what this updateRelation body would write?

    Then the update is skipped (one till call less per returning customer). Strict on
    purpose: every field of the body, an empty one included, must match the stored value as
    the till answers it (stripped, empty as absent); any other element means "update"."""
    if not set(update) <= {"relationNumber", *_RELATION_FIELDS}:
        return False
    for element, attribute in _RELATION_FIELDS.items():
        wanted = update.get(element)
        if wanted is not None and not isinstance(wanted, str):
            return False
        if ((wanted or "").strip() or None) != getattr(stored, attribute):
            return False
    return True


def to_customer(relation: Relation) -> Customer:
    """A relation read back as a canonical customer (id = relation number)."""
    person = relation.contact if relation.company_name else relation.name
    if relation.company_name and not person and relation.contacts:
        person = relation.contacts[0].name
    first_name, last_name = split_name(person)
    billing = Address(
        company=relation.company_name,
        line1=relation.address,
        postcode=relation.zipcode,
        city=relation.city,
        country_code=relation.country,
    )
    shipping = None
    if relation.delivery_address or relation.delivery_city:
        shipping = Address(
            line1=relation.delivery_address,
            postcode=relation.delivery_zipcode,
            city=relation.delivery_city,
            country_code=relation.delivery_country,
        )
    return Customer(
        id=relation.relation_number,
        email=relation.email,
        first_name=first_name,
        last_name=last_name,
        company_name=relation.company_name,
        phone=relation.telephone or relation.mobile,
        vat_number=relation.vat_number,
        billing_address=billing,
        shipping_address=shipping,
    )


def contact_number(relation: Relation | None) -> str | None:
    if relation is None or not relation.contacts:
        return None
    return relation.contacts[0].relation_number


def sku_matches(skus: list[str], articles: list[Article]) -> dict[str, str]:
    """SKU → article number: a PLU number match first, else the SKU as article number."""
    wanted = set(skus)
    by_plu = {a.plu_number: a.article_number for a in articles if a.plu_number in wanted}
    numbers = {a.article_number for a in articles}
    found: dict[str, str] = {}
    for sku in skus:
        if sku in by_plu:
            found[sku] = by_plu[sku]
        elif is_article_number(sku) and str(int(sku)) in numbers:
            found[sku] = str(int(sku))
    return found


def is_article_number(value: str) -> bool:
    return _ARTICLE_NUMBER.fullmatch(value) is not None


def article_number(line: OrderLine, product_ids: Mapping[str, str]) -> int:
    """The article number of a line: the product check's answer, else a numeric SKU."""
    if not line.sku:
        raise ConnectorDataError(
            f"Order line {line.name or line.source_line_id!r} has no SKU, so it cannot be "
            "matched to a MplusKASSA article.",
            code="line_without_sku",
        )
    candidate = product_ids.get(line.sku, line.sku)
    if not is_article_number(candidate):
        raise ArticleNumberNotNumeric(
            line.sku,
            f"SKU {line.sku!r} cannot be sent to MplusKASSA: article numbers there are numeric "
            "and no article has this SKU as its PLU number.",
        )
    return int(candidate)


def till_code(value: object) -> int | None:
    """A VAT code or turnover group as the till numbers them; anything else is not sent."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def to_order_address(address: Address | None) -> dict[str, XmlValue] | None:
    if address is None:
        return None
    person = address.full_name or None
    return {
        "name": address.company or person,
        "contact": person if address.company else None,
        "address": address_line(address),
        "zipcode": address.postcode,
        "city": address.city,
        "country": address.country_code,
        "companyName": address.company,
    }


def _discount(line: OrderLine) -> dict[str, XmlValue]:
    """A line's discount over all its units, in cents (the till: price x quantity - this)."""
    if line.discount is None or not line.discount.amount:
        return {}
    return {
        "discountType": "DISCOUNT-TYPE-EXTERNAL-DISCOUNT",
        "discountAmount": line.discount.amount,
    }


def to_order_body(
    order: Order, *, external_reference: str, options: OrderCreateOptions, branch_number: int
) -> dict[str, XmlValue]:
    """The Order element of createOrderV3, fields in WSDL order; prices in cents."""
    if Money.exponent(order.currency) != 2:
        raise ConnectorDataError(
            f"Order currency {order.currency} has no cents; MplusKASSA takes prices in cents.",
            code="currency_without_cents",
        )
    # Tax code and revenue account (turnover group) per country come from the tenant's value
    # maps (mapped into extra); only numbers the till knows are sent, in WSDL order.
    booking: dict[str, XmlValue] = {
        name: code
        for name, code in (
            ("turnoverGroup", till_code(order.extra.get("revenue_account"))),
            ("vatCode", till_code(order.extra.get("tax_code"))),
        )
        if code is not None
    }
    lines: list[XmlValue] = [
        {
            "articleNumber": article_number(line, options.product_ids),
            "text": line.name,
            "data": {
                "quantity": line.quantity,
                "decimalPlaces": 0,
                "price": line.unit_price.amount,
                **booking,
                **_discount(line),
            },
        }
        for line in order.lines
    ]
    return {
        "orderId": "",  # required by the WSDL; the server assigns it
        "extOrderId": external_reference,
        "orderType": ORDER_TYPE,
        "entryBranchNumber": branch_number,
        "employeeNumber": options.employee_number,
        "relationNumber": options.customer_id,
        "deliveryAddress": to_order_address(order.shipping_address or order.billing_address),
        "invoiceAddress": to_order_address(order.billing_address),
        "financialBranchNumber": branch_number,
        "reference": order.number,
        "vatMethod": "VAT-METHOD-INCLUSIVE" if order.prices_include_tax else "VAT-METHOD-EXCLUSIVE",
        # As the value maps turned them into the till's own names.
        "deliveryMethod": order.shipping_method,
        "paymentMethod": order.payment_method,
        "lineList": {"line": lines},
    }
