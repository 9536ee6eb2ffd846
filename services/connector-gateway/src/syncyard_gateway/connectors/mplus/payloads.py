"""Typed views of the MplusKASSA answers this connector reads, parsed from lxml elements."""

from dataclasses import dataclass, field

from lxml import etree

from syncyard_gateway.connectors.mplus.soap import child, children, path, text

REPLAY = "IDEMPOTENCY-RESULT-REPLAY-RESPONSE"


@dataclass(frozen=True)
class Relation:
    """A debtor (or its contact person) as MplusKASSA stores it."""

    relation_number: str | None = None
    name: str | None = None
    company_name: str | None = None
    contact: str | None = None
    address: str | None = None
    zipcode: str | None = None
    city: str | None = None
    country: str | None = None
    delivery_address: str | None = None
    delivery_zipcode: str | None = None
    delivery_city: str | None = None
    delivery_country: str | None = None
    telephone: str | None = None
    mobile: str | None = None
    email: str | None = None
    vat_number: str | None = None
    sync_marker: int = 0
    contacts: tuple["Relation", ...] = field(default_factory=tuple)


def read_relation(node: etree._Element) -> Relation:
    return Relation(
        relation_number=text(node, "relationNumber"),
        name=text(node, "name"),
        company_name=text(node, "companyName"),
        contact=text(node, "contact"),
        address=text(node, "address"),
        zipcode=text(node, "zipcode"),
        city=text(node, "city"),
        country=text(node, "country"),
        delivery_address=text(node, "deliveryAddress"),
        delivery_zipcode=text(node, "deliveryZipcode"),
        delivery_city=text(node, "deliveryCity"),
        delivery_country=text(node, "deliveryCountry"),
        telephone=text(node, "telephone"),
        mobile=text(node, "mobile"),
        email=text(node, "email"),
        vat_number=text(node, "vatNumber"),
        sync_marker=int(text(node, "syncMarker") or 0),
        contacts=tuple(
            read_relation(contact) for contact in children(child(node, "contactList"), "relation")
        ),
    )


def read_found_relation(answer: etree._Element) -> Relation | None:
    """FindRelationV2Response / GetRelationResponse → the relation, None when not found."""
    result = text(answer, "result") or ""
    relation = child(answer, "relation")
    if not result.endswith("-RESULT-OK") or relation is None:
        return None
    return read_relation(relation)


def read_relations(answer: etree._Element) -> list[Relation]:
    """GetRelationsResponse → its relations, in answer order."""
    return [read_relation(node) for node in children(child(answer, "relationList"), "relation")]


@dataclass(frozen=True)
class Article:
    article_number: str
    plu_number: str | None


def read_articles(answer: etree._Element) -> list[Article]:
    """GetProductsResponse → every article of every product returned."""
    articles: list[Article] = []
    for product in children(child(answer, "productList"), "product"):
        for article in children(child(product, "articleList"), "article"):
            number = text(article, "articleNumber")
            if number is not None:
                articles.append(Article(number, text(article, "pluNumber")))
    return articles


@dataclass(frozen=True)
class OrderAnswer:
    """CreateOrderV3Response: the business result, not an HTTP status."""

    result: str
    order_id: str | None
    is_replay: bool
    error_message: str | None


def read_create_order(answer: etree._Element) -> OrderAnswer:
    order_id = text(child(answer, "info"), "orderId") or text(child(answer, "order"), "orderId")
    return OrderAnswer(
        result=text(answer, "result") or "",
        order_id=order_id,
        is_replay=text(answer, "idempotencyResult") == REPLAY,
        error_message=text(answer, "errorMessage"),
    )


def read_found_order_id(answer: etree._Element) -> str | None:
    """GetOrderResponse (findOrder) → the order id, None when not found."""
    if text(answer, "result") != "GET-ORDER-RESULT-OK":
        return None
    return text(path(answer, "order"), "orderId")


def read_api_version(answer: etree._Element) -> str:
    parts = (text(answer, name) for name in ("majorNumber", "minorNumber", "revisionNumber"))
    return ".".join(part or "0" for part in parts)
