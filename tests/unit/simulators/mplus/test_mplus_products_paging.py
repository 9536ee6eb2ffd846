"""getProducts sync-marker paging: limit in articles, first product whole, no skipped change."""

from syncyard_sim_mplus.operations import catalogue, products
from syncyard_sim_mplus.store import Store


def seeded(layout: list[tuple[int, int]]) -> Store:
    """Articles created in the given order as (productNumber, articleNumber)."""
    store = Store(require_employee_number=True)
    for product, article in layout:
        if product not in store.products:
            catalogue.new_product(store, product, {"description": f"p{product}"})
        catalogue.store_article(store, product, {"articleNumber": article, "description": "a"})
    return store


def page(store: Store, since: int, limit: int) -> list[int]:
    request = {"request": {"syncMarker": since, "syncMarkerLimit": limit}}
    answer = products.get_products(store, request)
    return [
        article["articleNumber"]
        for product in answer["productList"]["product"]
        for article in product["articleList"]["article"]
    ]


class TestSyncMarkerPaging:
    def test_limit_counts_articles(self) -> None:
        store = seeded([(1, 10), (2, 20), (3, 30)])
        assert page(store, 0, 2) == [10, 20]
        assert page(store, 2, 2) == [30]
        assert page(store, 3, 2) == []

    def test_first_product_is_returned_whole(self) -> None:
        store = seeded([(1, 10), (1, 11), (1, 12), (2, 20)])
        assert page(store, 0, 2) == [10, 11, 12]

    def test_interleaved_changes_are_never_skipped(self) -> None:
        # product 1 changes at markers 1 and 3, product 2 at marker 2
        store = seeded([(1, 10), (2, 20), (1, 11)])
        # product 1 is returned whole (markers 1 and 3), so marker 2 must come along too
        assert page(store, 0, 1) == [10, 11, 20]
        assert page(store, 3, 1) == []
