"""Article bookkeeping shared by product operations and the control API."""

from typing import Any

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.operations.system import VAT_GROUPS
from syncyard_sim_mplus.store import Record, Store

_PCT_BY_CODE = dict(VAT_GROUPS)
_CODE_BY_PCT = {pct: code for code, pct in VAT_GROUPS}


def store_article(store: Store, product_number: int, article: Record) -> Record:
    """Insert or update one article under a product, bumping the article marker."""
    number = int(article["articleNumber"])
    now = clock.mplus_datetime()
    existing = store.articles.get(number, {})
    merged: dict[str, Any] = {**existing, **article}
    merged.setdefault("createTimestamp", now)
    merged.setdefault("active", True)
    merged.setdefault("stockArticle", True)
    merged.setdefault("description", "")
    if "vatPercentage" not in merged:
        merged["vatPercentage"] = _PCT_BY_CODE.get(merged.get("vatCode", 1), 21)
    merged.setdefault("vatCode", _CODE_BY_PCT.get(merged["vatPercentage"], 1))
    if "priceIncl" in merged and "priceExcl" not in article:
        # Mplus derives the excl. price from the incl. price when it is not given.
        merged["priceExcl"] = round(merged["priceIncl"] * 100 / (100 + merged["vatPercentage"]))
    merged["changeTimestamp"] = now
    merged["syncMarker"] = store.next_marker("article")
    store.articles[number] = merged
    store.article_product[number] = product_number
    product = store.products[product_number]
    if number not in product["articleNumbers"]:
        product["articleNumbers"].append(number)
    product["syncMarker"] = merged["syncMarker"]
    return merged


def new_product(store: Store, product_number: int, source: Record) -> Record:
    """Register an (empty) product grouping."""
    product: Record = {
        "productNumber": product_number,
        "description": source.get("description", ""),
        "extraText": source.get("extraText"),
        "groupNumbers": list(source.get("groupNumbers") or []),
        "articleNumbers": [],
        "syncMarker": 0,
    }
    store.products[product_number] = product
    return product


def product_view(store: Store, product_number: int, article_numbers: list[int]) -> Record:
    """A WSDL Product with the given articles."""
    product = store.products[product_number]
    return {
        "productNumber": product_number,
        "syncMarker": max(store.articles[n]["syncMarker"] for n in article_numbers)
        if article_numbers
        else product["syncMarker"],
        "description": product["description"],
        "extraText": product.get("extraText"),
        "articleList": {"article": [store.articles[n] for n in article_numbers]},
        "groupNumbers": product["groupNumbers"] or None,
    }
