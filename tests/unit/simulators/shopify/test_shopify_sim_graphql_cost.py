"""Calculated query cost, the cost bucket and the `query:` search syntax of the simulator."""

import pytest
from graphql import parse

from syncyard_sim_shopify.graphql_cost import query_cost
from syncyard_sim_shopify.graphql_schema import build
from syncyard_sim_shopify.graphql_search import parse_query
from syncyard_sim_shopify.ratelimit import CostBucket

pytestmark = pytest.mark.unit

VARIANTS = """query($n: Int) { productVariants(first: $n) {
  nodes { id product { id } }
  edges { node { inventoryItem { id } } }
  pageInfo { hasNextPage } } }"""


class TestQueryCost:
    def test_connection_costs_two_plus_per_node_objects(self) -> None:
        document = parse(VARIANTS)
        requested = query_cost(build(), document, variables={"n": 10})
        assert requested == 2 + 10 * 3  # node, product, inventory item
        data = {"productVariants": {"nodes": [{"id": "1", "product": {"id": "2"}}], "edges": []}}
        assert query_cost(build(), document, variables={"n": 10}, data=data) == 2 + 2

    def test_fragments_and_plain_objects_count(self) -> None:
        document = parse(
            'query { productVariant(id: "x") { ...V } } fragment V on ProductVariant '
            "{ sku product { id } }"
        )
        assert query_cost(build(), document) == 2
        assert query_cost(build(), document, data={"productVariant": None}) == 0


class TestCostBucket:
    def test_takes_up_front_refunds_and_restores(self) -> None:
        bucket = CostBucket()
        assert bucket.take("t", 150, size=200, restore_rate=10, now=0.0)
        assert not bucket.take("t", 100, size=200, restore_rate=10, now=0.0)
        bucket.refund("t", 40)
        assert bucket.available("t", size=200, restore_rate=10, now=0.0) == 90
        assert bucket.available("t", size=200, restore_rate=10, now=5.0) == 140
        assert bucket.available("t", size=200, restore_rate=10, now=60.0) == 200


class TestSearchSyntax:
    variant = {"id": 7, "sku": "AB C-1", "barcode": "871"}
    product = {"id": 3, "title": "Koffie Bonen"}

    @pytest.mark.parametrize(
        ("query", "matches"),
        [
            ('sku:"AB C-1"', True),
            ("sku:AB", False),
            ('sku:NOPE OR sku:"AB C-1"', True),
            ("barcode:871 product_id:3", True),
            ("barcode:871 product_id:4", False),
            ("bonen", True),
            ('sku:"A\\"B"', False),
            ("", True),
        ],
    )
    def test_terms(self, query: str, matches: bool) -> None:
        assert parse_query(query)(self.variant, self.product) is matches

    def test_escaped_quote_is_part_of_the_sku(self) -> None:
        assert parse_query('sku:"A\\"B"')({"sku": 'A"B'}, self.product)
