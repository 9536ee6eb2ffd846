"""Canonical records the capability suite writes and seeds, and the vendor limits it respects.

SKUs are numeric throughout: MplusKASSA article numbers are numeric only (its README)."""

from decimal import Decimal

from syncyard_common.canonical import (
    Address,
    Category,
    Customer,
    Money,
    Order,
    OrderLine,
    Product,
    Variant,
)

# README limits: a product with variants keeps no SKU of its own (Shopify puts SKUs on
# variants only; a MplusKASSA product only groups articles), so it is found by its variants'
# SKUs and reads back with the first variant's SKU.
OWN_SKU_DROPPED_WITH_VARIANTS = frozenset({"mplus", "shopify"})
# README (MplusKASSA): product ids are article numbers, and a variant SKU maps to that
# variant's own article number (what an order line needs), not to the product's id.
VARIANT_SKU_MAPS_TO_ITS_ARTICLE = frozenset({"mplus"})
# capabilities.not_supported (Mailchimp): orders, products and stock are read only as they are
# added; edits to records already read are not seen.
EDITS_NOT_SEEN = frozenset(
    {("mailchimp", "orders"), ("mailchimp", "products"), ("mailchimp", "stock"),
     ("bigcommerce", "categories")}
)  # fmt: skip

ORDER_SKU = "40001"  # the product every seeded or written order buys


def eur(cents: int) -> Money:
    return Money(amount=cents, currency="EUR")


def address(company: str | None = None) -> Address:
    return Address(
        first_name="Anna",
        last_name="de Vries",
        company=company,
        line1="Dorpsstraat 12",
        street="Dorpsstraat",
        house_number="12",
        postcode="3511 AB",
        city="Utrecht",
        country_code="NL",
        phone="+31301234567",
    )


def simple_product(number: int, *, quantity: int | None = None) -> Product:
    """A product without variants; SKU 50000 + ``number``."""
    return Product(
        sku=str(50_000 + number),
        name=f"Koffiebonen {number}",
        description="Gebrande bonen",
        price=eur(1_000 + number),
        quantity=number + 1 if quantity is None else quantity,
    )


def shirt() -> Product:
    """A product with two variants (size), as a merchant sets it up."""
    return Product(
        sku="61000",
        name="T-shirt",
        description="Biologisch katoen",
        price=eur(1995),
        variants=[
            Variant(
                sku="61001", name="T-shirt S", price=eur(1995), attributes={"Maat": "S"}, quantity=3
            ),
            Variant(
                sku="61002", name="T-shirt M", price=eur(1995), attributes={"Maat": "M"}, quantity=4
            ),
        ],
    )


def person(number: int = 0) -> Customer:
    return Customer(
        email=f"klant{number}@example.nl",
        first_name="Klant",
        last_name=f"Nummer {number}",
        billing_address=address(),
    )


def anna() -> Customer:
    return Customer(
        email="anna.devries@example.nl",
        first_name="Anna",
        last_name="de Vries",
        phone="+31301234567",
        billing_address=address(),
        shipping_address=address(),
    )


def company() -> Customer:
    """A company debtor: its contact person is Piet Jansen."""
    return Customer(
        email="Inkoop@Bakkerij-Jansen.nl",
        first_name="Piet",
        last_name="Jansen",
        company_name="Bakkerij Jansen",
        vat_number="NL123456789B01",
        billing_address=address("Bakkerij Jansen"),
    )


def order(number: int) -> Order:
    """An order of two bags of ``ORDER_SKU`` by a shopper (number ``#<number>``)."""
    shopper = person(number)
    return Order(
        source_id=f"WEB-{number}",
        number=f"#{number}",
        currency="EUR",
        email=shopper.email,
        customer=shopper,
        billing_address=address(),
        shipping_address=address(),
        lines=[
            OrderLine(
                sku=ORDER_SKU,
                name="Koffiebonen",
                quantity=2,
                unit_price=eur(1250),
                tax_rate=Decimal("0.09"),
            )
        ],
        total=eur(2500),
        financial_status="paid",
        payment_method="ideal",
        shipping_method="PostNL",
    )


def order_product() -> Product:
    return Product(sku=ORDER_SKU, name="Koffiebonen", price=eur(1250), quantity=50)


def category(number: int, *, parent: Category | None = None) -> Category:
    return Category(
        source_id=f"cat-{number}",
        name=f"Categorie {number}",
        parent_source_id=parent.source_id if parent else None,
        description=f"Alles uit categorie {number}",
    )
