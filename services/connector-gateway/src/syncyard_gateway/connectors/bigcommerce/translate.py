"""Pure translation between the canonical model and BigCommerce catalogue/customer/stock JSON."""

from collections.abc import Mapping
from typing import Any

from syncyard_common.canonical import Address, Customer, Money, Product, StockLevel, Variant
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors import extras
from syncyard_gateway.connectors.bigcommerce.payloads import (
    BcAddress,
    BcCustomer,
    BcInventoryItem,
    BcProduct,
    BcVariant,
)
from syncyard_gateway.connectors.errors import ConnectorDataError

# Canonical Product fields this connector writes; the rest is listed in README "not supported".
WRITTEN_FIELDS = frozenset(
    {"sku", "name", "description", "price", "barcode", "quantity", "is_active", "category_ids",
     "variants", "features"}
)  # fmt: skip
# A product's features are its custom fields (productCustomField_Base: name and value, each 1
# to 250 characters); reads and writes ask for them with include=custom_fields.
INCLUDE = "variants,custom_fields"
# BigCommerce's own product fields a mapping may set as extras.<name> (catalog spec, v3).
PRODUCT_EXTRAS = frozenset(
    {"weight", "mpn", "warranty", "search_keywords", "page_title", "meta_description",
     "availability_description", "bin_picking_number", "condition", "brand_id", "is_featured"}
)  # fmt: skip
# A variant without attributes still needs one option value in BigCommerce.
FALLBACK_OPTION = "Variant"


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def to_canonical_variant(variant: BcVariant, product: BcProduct, currency: str) -> Variant:
    price = variant.price if variant.price is not None else product.price
    labels = [value.label for value in variant.option_values]
    return Variant(
        sku=variant.sku,
        source_id=str(variant.id),
        name=" / ".join(labels) or None,
        price=Money.from_decimal(price, currency),
        barcode=_clean(variant.gtin) or _clean(variant.upc),
        attributes={value.option_display_name: value.label for value in variant.option_values},
        quantity=variant.inventory_level,
    )


def to_canonical_product(product: BcProduct, currency: str) -> Product:
    """A catalogue product; option variants become Variants (the base variant does not)."""
    return Product(
        sku=product.sku,
        source_id=str(product.id),
        name=product.name,
        description=_clean(product.description),
        price=Money.from_decimal(product.price, currency),
        barcode=_clean(product.gtin) or _clean(product.upc),
        quantity=product.inventory_level if product.inventory_tracking != "none" else None,
        is_active=product.is_visible,
        category_ids=[str(c) for c in product.categories],
        variants=[
            to_canonical_variant(v, product, currency) for v in product.variants if v.option_values
        ],
        updated_at=product.date_modified,
        features={field.name: field.value for field in product.custom_fields},
        extras=extras.read(product.model_extra or {}, PRODUCT_EXTRAS),
    )


def _price(money: Money | None, currency: str) -> float | None:
    if money is None:
        return None
    if money.currency != currency:
        raise ConnectorDataError(
            f"BigCommerce keeps catalogue prices in {currency}; this product is priced in "
            f"{money.currency}.",
            code="currency_mismatch",
        )
    return float(money.to_decimal())


def variant_body(variant: Variant, currency: str) -> dict[str, Any]:
    """`POST …/variants` / `variants[]` item: SKU, price, barcode, option values, stock."""
    options = [
        {"option_display_name": name, "label": value} for name, value in variant.attributes.items()
    ] or [{"option_display_name": FALLBACK_OPTION, "label": variant.name or variant.sku}]
    body: dict[str, Any] = {"sku": variant.sku, "option_values": options}
    return body | variant_changes(variant, currency)


def variant_changes(variant: Variant, currency: str) -> dict[str, Any]:
    """The fields of an existing variant we overwrite (price, barcode, stock)."""
    body: dict[str, Any] = {}
    if variant.price is not None:
        body["price"] = _price(variant.price, currency)
    if variant.barcode:
        body["gtin"] = variant.barcode
    if variant.quantity is not None:
        body["inventory_level"] = variant.quantity
    return body


def product_body(
    product: Product,
    *,
    fields: frozenset[str] | None,
    options: ProductWriteOptions,
    currency: str,
    custom_field_ids: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Product-level JSON for POST/PUT holding only ``fields`` (None = all written fields);
    ``custom_field_ids`` are the stored product's custom fields by name (updated in place)."""
    wanted = WRITTEN_FIELDS if fields is None else fields & WRITTEN_FIELDS
    body: dict[str, Any] = {}
    # SKUs are unique across products and variants: a product named after its first variant
    # (MplusKASSA does so) leaves the SKU to that variant, where look-ups find it too.
    if "sku" in wanted and product.sku not in {v.sku for v in product.variants}:
        body["sku"] = product.sku
    if "name" in wanted:
        body["name"] = product.name
    if "description" in wanted:
        body["description"] = product.description or ""
    if "price" in wanted and product.price is not None:
        body["price"] = _price(product.price, currency)
    if "barcode" in wanted:
        body["gtin"] = product.barcode or ""
    if "is_active" in wanted:
        body["is_visible"] = product.is_active
    if "category_ids" in wanted:
        mapped = [options.category_ids.get(c) for c in product.category_ids]
        body["categories"] = [int(c) for c in mapped if c and c.isdigit()]
    if "quantity" in wanted and product.quantity is not None and not product.has_variants:
        body["inventory_level"] = product.quantity
        body["inventory_tracking"] = "product"
    if "features" in wanted:
        fields_by_name = custom_fields(product, custom_field_ids or {})
        if fields_by_name:
            body["custom_fields"] = fields_by_name
    return body | extras.written(product, PRODUCT_EXTRAS, fields)


def custom_fields(product: Product, ids: Mapping[str, int]) -> list[dict[str, Any]]:
    """The features as custom fields, with the id of the stored one of the same name. An
    empty name or value cannot be stored (minLength 1) and is left out; custom fields the
    product has no feature for stay as they are."""
    found = []
    for name, value in product.features.items():
        if not name.strip() or not value.strip():
            continue
        field: dict[str, Any] = {"name": name, "value": value}
        if name in ids:
            field["id"] = ids[name]
        found.append(field)
    return found


def new_product_body(
    product: Product, *, options: ProductWriteOptions, currency: str
) -> dict[str, Any]:
    """`POST /v3/catalog/products`: every field, the required ones, and the variants."""
    body = product_body(product, fields=None, options=options, currency=currency)
    body |= {"type": "physical", "weight": body.get("weight", 0), "price": body.get("price", 0)}
    if product.has_variants:
        body["variants"] = [variant_body(v, currency) for v in product.variants]
        body["inventory_tracking"] = "variant"
    return body


def to_canonical_address(address: BcAddress) -> Address:
    return Address(
        first_name=_clean(address.first_name),
        last_name=_clean(address.last_name),
        company=_clean(address.company),
        line1=_clean(address.address1),
        line2=_clean(address.address2),
        postcode=_clean(address.postal_code),
        city=_clean(address.city),
        region=_clean(address.state_or_province),
        country_code=(_clean(address.country_code) or "").upper() or None,
        phone=_clean(address.phone),
    )


def to_canonical_customer(customer: BcCustomer) -> Customer:
    """First address = billing, second (if any) = shipping."""
    addresses = [to_canonical_address(a) for a in customer.addresses]
    return Customer(
        id=str(customer.id),
        email=customer.email,
        first_name=_clean(customer.first_name),
        last_name=_clean(customer.last_name),
        company_name=_clean(customer.company),
        phone=_clean(customer.phone),
        billing_address=addresses[0] if addresses else None,
        shipping_address=addresses[1] if len(addresses) > 1 else None,
    )


def customer_body(customer: Customer) -> dict[str, Any]:
    """Customer fields; BigCommerce needs a first and last name, even for a company."""
    local_part = (customer.email or "").split("@", 1)[0]
    return {
        "email": (customer.email or "").strip().lower(),
        "first_name": customer.first_name or customer.company_name or local_part or "-",
        "last_name": customer.last_name or "-",
        "company": customer.company_name or "",
        "phone": customer.phone or "",
    }


def address_body(address: Address | None, customer: Customer) -> dict[str, Any] | None:
    """A v3 address (`commercial` for a company), or None when street/city/country are missing."""
    if address is None:
        return None
    line1 = address.line1 or " ".join(
        part for part in (address.street, address.house_number, address.house_number_suffix) if part
    )
    if not (line1 and address.city and address.country_code):
        return None
    names = customer_body(customer)
    return {
        "first_name": address.first_name or names["first_name"],
        "last_name": address.last_name or names["last_name"],
        "company": address.company or customer.company_name or "",
        "address1": line1,
        "address2": address.line2 or "",
        "city": address.city,
        "state_or_province": address.region or "",
        "postal_code": address.postcode or "",
        "country_code": address.country_code.upper(),
        "phone": address.phone or customer.phone or "",
        "address_type": "commercial" if customer.company_name else "residential",
    }


def to_stock_levels(items: list[BcInventoryItem], location_id: int) -> list[StockLevel]:
    """One StockLevel per SKU at the location (available = available to sell)."""
    levels = []
    for item in items:
        for at in item.locations:
            if at.location_id == location_id:
                reserved = max(0, at.total_inventory_onhand - at.available_to_sell)
                levels.append(
                    StockLevel(
                        sku=item.identity.sku,
                        location_id=str(location_id),
                        available=at.available_to_sell,
                        reserved=reserved,
                    )
                )
    return levels
