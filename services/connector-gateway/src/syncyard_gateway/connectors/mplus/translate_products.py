"""Pure translation of products, variants and categories to and from MplusKASSA articles.

A canonical product without variants is one article; with variants, each variant is an
article of the same MplusKASSA product (colour/size). Fields follow the WSDL's Article order.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from syncyard_common.canonical import Category, Money, Product, Variant
from syncyard_common.messages.products import ArticleNumberRule, ProductWriteOptions
from syncyard_gateway.connectors.errors import ArticleNumberNotNumeric, ConnectorDataError
from syncyard_gateway.connectors.mplus.article_payloads import (
    ARTICLE_EXTRAS,
    ARTICLE_ORDER,
    ArticleRecord,
    GroupRecord,
    ProductRecord,
)
from syncyard_gateway.connectors.mplus.soap import XmlValue
from syncyard_gateway.connectors.mplus.translate import is_article_number

ALL_FIELDS = frozenset(Product.model_fields)
_COLOUR_KEYS = ("colour", "color", "kleur")
_SIZE_KEYS = ("size", "maat")
Unit = Product | Variant  # what becomes one article


def article_identity(sku: str, rule: ArticleNumberRule) -> tuple[int | None, str | None]:
    """(articleNumber, pluNumber) for a new article with this SKU.

    A numeric SKU is the article number; the PLU number carries the SKU whenever the number
    alone would not spell it ("0042"). A non-numeric SKU is refused (SKU_OR_FAIL) or goes to
    the PLU number, the till then assigns the article number (SKU_OR_PLU)."""
    if is_article_number(sku):
        number = int(sku)
        return number, (None if str(number) == sku else sku)
    if rule is ArticleNumberRule.SKU_OR_PLU:
        return None, sku
    raise ArticleNumberNotNumeric(
        sku,
        f"SKU {sku!r} is not numeric, so it cannot be a MplusKASSA article number; choose the "
        "article number rule 'SKU or PLU' to keep it as the PLU number instead.",
    )


def units(product: Product) -> list[Unit]:
    """The canonical records that each become one article."""
    return list(product.variants) if product.variants else [product]


def _attribute(unit: Unit, keys: tuple[str, ...]) -> str | None:
    if not isinstance(unit, Variant):
        return None
    found = {k.casefold(): v for k, v in unit.attributes.items()}
    return next((found[k] for k in keys if k in found), None)


def vat_percentage(tax_rate: str | None) -> int | None:
    """ "0.21" → 21; a rate that is not a whole percentage is refused."""
    if tax_rate is None:
        return None
    try:
        percent = Decimal(tax_rate) * 100
    except InvalidOperation:
        raise ConnectorDataError(f"Tax rate {tax_rate!r} is not a number.") from None
    if percent != percent.to_integral_value():
        raise ConnectorDataError(
            f"Tax rate {tax_rate!r} is not a whole percentage, as MplusKASSA VAT groups are."
        )
    return int(percent)


def cents(price: Money | None, currency: str) -> int | None:
    if price is None:
        return None
    if price.currency != currency:
        raise ConnectorDataError(
            f"Price is in {price.currency}, but this MplusKASSA installation keeps {currency}."
        )
    return price.amount


def article_fields(
    product: Product, unit: Unit, *, fields: frozenset[str], currency: str
) -> dict[str, XmlValue]:
    """The Article elements the named canonical fields map to (WSDL order)."""
    is_variant = isinstance(unit, Variant)
    price = unit.price if is_variant and unit.price is not None else product.price
    prices = bool(fields & {"price", "prices_include_tax"} or (is_variant and "variants" in fields))
    amount = cents(price, currency) if prices else None
    touches_variant = is_variant and "variants" in fields
    named = "name" in fields or touches_variant
    out: dict[str, XmlValue] = {
        "active": product.is_active if "is_active" in fields else None,
        "description": ((unit.name if is_variant else None) or product.name) if named else None,
        "colour": _attribute(unit, _COLOUR_KEYS) if touches_variant else None,
        "size": _attribute(unit, _SIZE_KEYS) if touches_variant else None,
        "barcode": unit.barcode if ("barcode" in fields or touches_variant) else None,
        "vatPercentage": vat_percentage(product.tax_rate) if "tax_rate" in fields else None,
        "priceIncl": amount if product.prices_include_tax else None,
        "priceExcl": None if product.prices_include_tax else amount,
    }
    if "extras" in fields:
        out |= {k: str(v) for k, v in product.extras.items() if k in ARTICLE_EXTRAS}
    return {name: out[name] for name in ARTICLE_ORDER if name in out}  # the WSDL's order


def new_article(
    product: Product, unit: Unit, *, rule: ArticleNumberRule, currency: str
) -> dict[str, XmlValue]:
    """A complete new Article for one unit (every mapped field)."""
    number, plu = article_identity(unit.sku, rule)
    return {
        "articleNumber": number,
        "pluNumber": plu,
        **article_fields(product, unit, fields=ALL_FIELDS, currency=currency),
    }


def group_numbers(product: Product, options: ProductWriteOptions) -> list[int]:
    """Article group numbers of the product's categories, through their links only: a source's
    category id is never taken for an article group number."""
    numbers = []
    for category_id in product.category_ids:
        target = options.category_ids.get(category_id)
        if target is None or not is_article_number(target):
            raise ConnectorDataError(
                f"Category {category_id!r} has no MplusKASSA article group yet; sync the "
                "categories first.",
                code="category_not_synced",
            )
        numbers.append(int(target))
    return numbers


def to_new_product(
    product: Product, *, options: ProductWriteOptions, currency: str
) -> dict[str, XmlValue]:
    """A createProduct Product: all fields, one article per unit."""
    rule = options.article_number_rule
    articles: list[XmlValue] = [
        new_article(product, unit, rule=rule, currency=currency) for unit in units(product)
    ]
    return {
        "description": product.name,
        "extraText": product.description,
        "articleList": {"article": articles},
        "groupNumbers": group_numbers(product, options) or None,
    }


def match(unit: Unit, stored: ProductRecord) -> ArticleRecord | None:
    """The stored article with the unit's SKU (PLU number, else the article number)."""
    for article in stored.articles:
        if article.sku == unit.sku or (
            article.plu_number is None
            and is_article_number(unit.sku)
            and int(unit.sku) == article.article_number
        ):
            return article
    return None


def to_product_update(
    stored: ProductRecord,
    product: Product,
    *,
    fields: frozenset[str] | None,
    options: ProductWriteOptions,
    currency: str,
) -> tuple[dict[str, XmlValue], list[Unit]]:
    """An updateProduct Product with only the named fields, and the units it adds as new."""
    named = ALL_FIELDS if fields is None else fields
    articles: list[XmlValue] = []
    added: list[Unit] = []
    all_units = units(product)
    for unit in all_units:
        found = match(unit, stored)
        if found is None and len(all_units) == len(stored.articles) == 1:
            found = stored.articles[0]  # one article either side: the same thing, SKU aside
        if found is None:
            rule = options.article_number_rule
            articles.append(new_article(product, unit, rule=rule, currency=currency))
            added.append(unit)
            continue
        changes = article_fields(product, unit, fields=named, currency=currency)
        if any(value is not None for value in changes.values()):
            articles.append({"articleNumber": found.article_number, **changes})
    return {
        "productNumber": stored.product_number,
        "description": product.name if "name" in named else None,
        "extraText": product.description if "description" in named else None,
        "articleList": {"article": articles} if articles else None,
        "groupNumbers": group_numbers(product, options) if "category_ids" in named else None,
    }, added


def _price(article: ArticleRecord, currency: str) -> tuple[Money | None, bool]:
    if article.price_incl is not None:
        return Money(amount=article.price_incl, currency=currency), True
    if article.price_excl is not None:
        return Money(amount=article.price_excl, currency=currency), False
    return None, True


def _tax_rate(article: ArticleRecord) -> str | None:
    if article.vat_percentage is None:
        return None
    return str(Decimal(article.vat_percentage) / 100)


def has_variants(record: ProductRecord) -> bool:
    return len(record.articles) > 1 or any(a.colour or a.size for a in record.articles)


def to_product(record: ProductRecord, *, currency: str) -> Product:
    """A MplusKASSA product (all its articles) as a canonical product."""
    articles = sorted(record.articles, key=lambda a: a.article_number)
    first = articles[0]
    price, include_tax = _price(first, currency)
    changed = [a.changed_at for a in articles if a.changed_at is not None]
    simple = not has_variants(record)
    variants = [
        Variant(
            sku=a.sku,
            source_id=str(a.article_number),
            name=a.description,
            price=_price(a, currency)[0],
            barcode=a.barcode,
            attributes={k: v for k, v in (("colour", a.colour), ("size", a.size)) if v is not None},
        )
        for a in articles
    ]
    names = (first.description, record.description) if simple else (record.description,)
    return Product(
        sku=first.sku,
        source_id=record.product_id,
        name=next((n for n in names if n), first.description or first.sku),
        description=record.extra_text,
        price=price if simple else None,
        prices_include_tax=include_tax,
        tax_rate=_tax_rate(first),
        barcode=first.barcode if simple else None,
        is_active=any(a.is_active for a in articles),
        category_ids=[str(g) for g in record.group_numbers],
        variants=[] if simple else variants,
        updated_at=max(changed) if changed else None,
        extras=dict(first.extras),
    )


def to_category(group: GroupRecord) -> Category:
    parent = group.parent_group_number
    return Category(
        source_id=str(group.group_number),
        name=group.name,
        parent_source_id=str(parent) if parent else None,
        description=group.text,
    )


def whole(amount: int, places: int) -> int:
    """A long with decimal places as whole units, rounded down (never promise more stock)."""
    return amount // 10**places if places > 0 else amount


def stock_request(
    *, branch: int, article_number: int, quantity: int, employee: int | None
) -> Mapping[str, XmlValue]:
    """A setStock request: the absolute level, so a redelivery cannot count twice."""
    return {
        "branchNumber": branch,
        "articleNumber": article_number,
        "amount": quantity,
        "decimalPlaces": 0,
        "employeeNumber": employee,
        "reference": "Syncyard",
    }
