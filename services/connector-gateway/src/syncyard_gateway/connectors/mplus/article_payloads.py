"""Typed views of MplusKASSA catalogue answers: products, articles, groups, stock, history."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from lxml import etree

from syncyard_gateway.connectors.mplus.soap import child, children, text


def number(node: etree._Element | None, name: str) -> int | None:
    value = text(node, name)
    return int(value) if value is not None else None


def flag(node: etree._Element | None, name: str) -> bool | None:
    value = text(node, name)
    return None if value is None else value in ("true", "1")


def moment(node: etree._Element | None, name: str) -> datetime | None:
    """A SoapMplusDateTime as an aware datetime (``timezone`` is the UTC offset in minutes)."""
    found = child(node, name)
    if found is None or text(found, "year") is None:
        return None
    parts = {key: number(found, key) or 0 for key in ("year", "mon", "day", "hour", "min", "sec")}
    zone = timezone(timedelta(minutes=number(found, "timezone") or 0))
    return datetime(
        parts["year"], parts["mon"], parts["day"], parts["hour"], parts["min"], parts["sec"],
        tzinfo=zone,
    )  # fmt: skip


# Article elements a mapping may set as extras.<name> (texts of the till's own), and the
# WSDL's element order of an Article, which a request must keep.
ARTICLE_EXTRAS = frozenset(
    {"invoiceText", "receiptText", "displayText", "brandName", "supplierArticleNumber"}
)
ARTICLE_ORDER = (
    "articleNumber", "extArticleId", "pluNumber", "syncMarker", "changeTimestamp",
    "createTimestamp", "active", "description", "colour", "colourSequenceNumber", "size",
    "sizeSequenceNumber", "invoiceText", "receiptText", "displayText", "barcode", "barcodeDate",
    "contentUnit", "contentQuantity", "contentQuantityDecimalPlaces", "brandName", "extraText",
    "turnoverGroup", "vatCode", "vatPercentage", "vatCodeAlternative",
    "vatPercentageAlternative", "averagePurchasePrice", "purchasePrice", "priceIncl",
    "priceExcl", "siUnit", "unit", "orderQuantityValue", "orderQuantityDecimalPlaces",
    "supplierRelationNumber", "supplierRelationName", "supplierArticleNumber",
)  # fmt: skip


@dataclass(frozen=True)
class ArticleRecord:
    """One sellable article (a product or one of its variants)."""

    article_number: int
    plu_number: str | None
    sync_marker: int
    description: str | None
    colour: str | None
    size: str | None
    barcode: str | None
    vat_percentage: int | None
    price_incl: int | None
    price_excl: int | None
    is_active: bool
    changed_at: datetime | None
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def sku(self) -> str:
        """The web-shop SKU: the PLU number when set, else the article number itself."""
        return self.plu_number or str(self.article_number)


@dataclass(frozen=True)
class ProductRecord:
    """A product: a grouping of articles (variants), with its article groups."""

    product_number: int
    description: str | None
    extra_text: str | None
    group_numbers: tuple[int, ...]
    articles: tuple[ArticleRecord, ...]

    @property
    def product_id(self) -> str:
        """Our id for it: its lowest article number (any one of them finds the product)."""
        return str(min(a.article_number for a in self.articles))


def read_article(node: etree._Element) -> ArticleRecord:
    return ArticleRecord(
        article_number=number(node, "articleNumber") or 0,
        plu_number=text(node, "pluNumber"),
        sync_marker=number(node, "syncMarker") or 0,
        description=text(node, "description"),
        colour=text(node, "colour"),
        size=text(node, "size"),
        barcode=text(node, "barcode"),
        vat_percentage=number(node, "vatPercentage"),
        price_incl=number(node, "priceIncl"),
        price_excl=number(node, "priceExcl"),
        is_active=flag(node, "active") is not False,
        changed_at=moment(node, "changeTimestamp"),
        extras={
            name: value
            for name in sorted(ARTICLE_EXTRAS)
            if (value := text(node, name)) is not None
        },
    )


def read_products(answer: etree._Element) -> list[ProductRecord]:
    """GetProductsResponse → products with the articles listed for each, in answer order."""
    products = []
    for node in children(child(answer, "productList"), "product"):
        articles = tuple(read_article(a) for a in children(child(node, "articleList"), "article"))
        if not articles:
            continue
        products.append(
            ProductRecord(
                product_number=number(node, "productNumber") or 0,
                description=text(node, "description"),
                extra_text=text(node, "extraText"),
                group_numbers=tuple(int(g.text or 0) for g in children(node, "groupNumbers")),
                articles=articles,
            )
        )
    return products


@dataclass(frozen=True)
class GroupRecord:
    """An article group from getArticleGroupChanges (flat, with its parent)."""

    group_number: int
    parent_group_number: int
    sync_marker: int
    name: str
    text: str | None
    is_deleted: bool


def read_group_changes(answer: etree._Element) -> list[GroupRecord]:
    rows = children(child(answer, "changedArticleGroupList"), "changedArticleGroups")
    return [
        GroupRecord(
            group_number=number(row, "groupNumber") or 0,
            parent_group_number=number(row, "parentGroupNumber") or 0,
            sync_marker=number(row, "syncMarker") or 0,
            name=text(row, "name") or "",
            text=text(row, "text"),
            is_deleted=bool(flag(row, "isDeleted")),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class StockRecord:
    """ArticleStock: amounts with their own decimal places."""

    branch_number: int | None
    article_number: int
    free: tuple[int, int]
    reserved: tuple[int, int]
    incoming: tuple[int, int]
    changed_at: datetime | None


def read_stock(answer: etree._Element) -> list[StockRecord]:
    return [
        StockRecord(
            branch_number=number(row, "branchNumber"),
            article_number=number(row, "articleNumber") or 0,
            free=(number(row, "amountFree") or 0, number(row, "decimalPlacesFree") or 0),
            reserved=(
                number(row, "amountReserved") or 0,
                number(row, "decimalPlacesReserved") or 0,
            ),
            incoming=(
                number(row, "amountIncoming") or 0,
                number(row, "decimalPlacesIncoming") or 0,
            ),
            changed_at=moment(row, "changeTimestamp"),
        )
        for row in children(answer, "articleStocks")
    ]


def read_stock_history(answer: etree._Element) -> list[tuple[int, int]]:
    """GetStockHistoryResponse → (stockId, articleNumber) per row, as answered."""
    return [
        (number(row, "stockId") or 0, number(row, "articleNumber") or 0)
        for row in children(answer, "articleStockHistory")
    ]


def read_markers(answer: etree._Element) -> dict[str, int]:
    """getCurrentSyncMarkers → every high-water mark by element name."""
    return {
        etree.QName(node).localname: int(node.text or 0)
        for node in answer
        if isinstance(node.tag, str) and node.text
    }
