"""Product operations: getProducts, createProduct, updateProduct."""

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.operations import catalogue
from syncyard_sim_mplus.store import Record, Store


def get_products(store: Store, payload: Record) -> Record:
    """getProducts with article/plu/product/group filters and sync-marker paging."""
    request: Record = payload.get("request") or {}
    selected = [n for n, a in store.articles.items() if _matches(store, request, n, a)]
    since = request.get("syncMarker")
    if since is not None:
        selected = [n for n in selected if store.articles[n]["syncMarker"] > since]
        selected = _page(store, selected, request.get("syncMarkerLimit"))
    if request.get("includeAllArticlesOfSelectedProducts"):
        products = {store.article_product[n] for n in selected}
        selected = [n for n in store.articles if store.article_product[n] in products]
    selected.sort(key=lambda n: store.articles[n]["syncMarker"])
    grouped: dict[int, list[int]] = {}
    for number in selected:
        grouped.setdefault(store.article_product[number], []).append(number)
    return {
        "productList": {
            "product": [catalogue.product_view(store, p, arts) for p, arts in grouped.items()]
        }
    }


def _matches(store: Store, request: Record, number: int, article: Record) -> bool:
    plus = {item["text"] for item in (request.get("pluNumbers") or {}).get("text", [])}
    product = store.products[store.article_product[number]]
    articles = request.get("articleNumbers")
    products = request.get("productNumbers")
    groups = request.get("groupNumbers")
    if articles and number not in articles:
        return False
    if products and product["productNumber"] not in products:
        return False
    if groups and not set(groups) & set(product["groupNumbers"]):
        return False
    if plus and article.get("pluNumber") not in plus:
        return False
    if request.get("onlyWebshop") and not article.get("webshop"):
        return False
    return not (request.get("onlyActive") and not article.get("active", True))


def _page(store: Store, numbers: list[int], limit: int | None) -> list[int]:
    """First `limit` changed articles by marker; the first product is always returned whole.

    To never skip a change, everything up to the highest marker returned is included.
    """
    ordered = sorted(numbers, key=lambda n: store.articles[n]["syncMarker"])
    if not limit or len(ordered) <= limit:
        return ordered
    first_product = store.article_product[ordered[0]]
    cutoff = max(
        store.articles[ordered[limit - 1]]["syncMarker"],
        *(
            store.articles[n]["syncMarker"]
            for n in ordered
            if store.article_product[n] == first_product
        ),
    )
    return [n for n in ordered if store.articles[n]["syncMarker"] <= cutoff]


def create_product(store: Store, payload: Record) -> Record:
    """createProduct: supplied or server-assigned product and article numbers."""
    product: Record = payload.get("product") or {}
    articles: list[Record] = (product.get("articleList") or {}).get("article", [])
    wanted = product.get("productNumber")
    failure = {"productNumber": 0, "errorMessage": ""}
    if wanted and wanted in store.products:
        return {
            **failure,
            "result": "CREATE-PRODUCT-RESULT-FAILED-PRODUCT-NUMBER-ALREADY-TAKEN",
            "errorMessage": f"Product number {wanted} is already taken",
        }
    numbers = [a.get("articleNumber") for a in articles if a.get("articleNumber")]
    taken = [n for n in numbers if n in store.articles]
    if taken or len(set(numbers)) != len(numbers):
        return {
            **failure,
            "result": "CREATE-PRODUCT-RESULT-FAILED-ARTICLE-NUMBER-ALREADY-TAKEN",
            "errorMessage": f"Article number(s) {taken or numbers} already taken",
        }
    if not articles:
        return {
            **failure,
            "result": "CREATE-PRODUCT-RESULT-FAILED",
            "errorMessage": "A product needs at least one article",
        }
    product_number = store.take_number("product", wanted, set(store.products))
    catalogue.new_product(store, product_number, product)
    stored = [_store_new(store, product_number, a) for a in articles]
    return {
        "result": "CREATE-PRODUCT-RESULT-OK",
        "productNumber": product_number,
        "articleNumbers": [a["articleNumber"] for a in stored],
        "changeTimestamp": clock.mplus_datetime(),
        "syncMarker": stored[-1]["syncMarker"],
        "errorMessage": "",
    }


def update_product(store: Store, payload: Record) -> Record:
    """updateProduct: articles without articleNumber become new articles of the product."""
    product: Record = payload.get("product") or {}
    number = product.get("productNumber")
    if number not in store.products:
        return {
            "result": "UPDATE-PRODUCT-RESULT-NOT-FOUND",
            "errorMessage": f"Product {number} not found",
        }
    articles: list[Record] = (product.get("articleList") or {}).get("article", [])
    foreign = [
        a["articleNumber"]
        for a in articles
        if a.get("articleNumber") in store.articles
        and store.article_product[a["articleNumber"]] != number
    ]
    if foreign:
        return {
            "result": "UPDATE-PRODUCT-RESULT-FAILED-ARTICLE-NUMBER-ALREADY-TAKEN",
            "errorMessage": f"Article number(s) {foreign} belong to another product",
        }
    stored = store.products[number]
    for key in ("description", "extraText", "groupNumbers"):
        if key in product:
            stored[key] = product[key]
    existing: list[int] = []
    new: list[int] = []
    for article in articles:
        if article.get("articleNumber") in store.articles:
            existing.append(catalogue.store_article(store, number, article)["articleNumber"])
        else:
            new.append(_store_new(store, number, article)["articleNumber"])
    if not articles:
        # A product-level change still shows up in the article feed.
        for article_number in stored["articleNumbers"]:
            catalogue.store_article(store, number, {"articleNumber": article_number})
    return {
        "result": "UPDATE-PRODUCT-RESULT-OK",
        "existingArticleNumbers": existing or None,
        "newArticleNumbers": new or None,
        "changeTimestamp": clock.mplus_datetime(),
        "syncMarker": store.markers["article"],
        "errorMessage": "",
    }


def _store_new(store: Store, product_number: int, article: Record) -> Record:
    number = store.take_number("article", article.get("articleNumber"), set(store.articles))
    return catalogue.store_article(store, product_number, {**article, "articleNumber": number})
