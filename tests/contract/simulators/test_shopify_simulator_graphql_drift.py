"""Drift: the Shopify simulator's GraphQL schema and answers against the 2025-01 introspection.

The simulator's schema must be a subset (same names, same types, same arguments); its answers
are re-executed through the full 2025-01 schema, which fails on a missing non-null field, a
wrong scalar or an unknown enum value."""

import gzip
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    build_client_schema,
    execute_sync,
    parse,
    validate,
)

from syncyard_sim_shopify.graphql_schema import build
from tests import vendor_specs
from tests.contract.simulators import shopify_sim
from tests.contract.simulators.shopify_sim import API

pytestmark = pytest.mark.contract

INTROSPECTION = "shopify/admin_schema_2025-01.json.gz"  # not vendored: see specs/vendor/README.md
DOCUMENTS = [
    """query($q: String!) { productVariants(first: 2, query: $q) {
         nodes { id sku legacyResourceId title displayName barcode price compareAtPrice
                 inventoryQuantity position taxable createdAt updatedAt
                 product { id legacyResourceId title handle status vendor productType tags
                           createdAt updatedAt }
                 inventoryItem { id legacyResourceId sku tracked createdAt updatedAt } }
         pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""",
    """query($q: String!) { productVariants(last: 5, query: $q, sortKey: SKU, reverse: true) {
         edges { cursor node { id sku product { id } } } pageInfo { hasNextPage } } }""",
    """query($id: ID!) { productVariant(id: $id) { id sku product { id status } } }""",
]


def _text(value: Any) -> str:
    assert isinstance(value, str), value
    return value


def _checked(check: Callable[[str], object]) -> Callable[[Any], str]:
    def serialize(value: Any) -> str:
        check(_text(value))
        return str(value)

    return serialize


@pytest.fixture(scope="module")
def shopify_schema() -> GraphQLSchema:
    """The full 2025-01 Admin schema, custom scalars checked for Shopify's formats."""
    introspection = vendor_specs.spec_path(INTROSPECTION)
    schema = build_client_schema(json.loads(gzip.decompress(introspection.read_bytes()))["data"])
    formats: dict[str, Callable[[str], object]] = {
        "UnsignedInt64": lambda v: int(v) if v.isdigit() else int("not digits"),
        "DateTime": lambda v: datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ"),
        "Money": Decimal,
    }
    for name, check in formats.items():
        scalar = schema.type_map[name]
        assert isinstance(scalar, GraphQLScalarType)
        scalar.serialize = _checked(check)  # type: ignore[method-assign,assignment]
    return schema


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from shopify_sim.simulator_url()


def test_simulator_schema_is_a_subset_of_2025_01(shopify_schema: GraphQLSchema) -> None:
    ours = build()
    for name, ours_type in ours.type_map.items():
        if name.startswith("__"):
            continue
        theirs = shopify_schema.type_map.get(name)
        assert theirs is not None, f"type {name} is not in 2025-01"
        assert type(theirs) is type(ours_type), name
        if isinstance(ours_type, GraphQLEnumType):
            assert isinstance(theirs, GraphQLEnumType)
            assert set(ours_type.values) <= set(theirs.values), name
        if isinstance(ours_type, GraphQLObjectType | GraphQLInterfaceType):
            assert isinstance(theirs, GraphQLObjectType | GraphQLInterfaceType)
            assert {i.name for i in ours_type.interfaces} <= {i.name for i in theirs.interfaces}
            for field_name, field in ours_type.fields.items():
                real = theirs.fields.get(field_name)
                assert real is not None, f"{name}.{field_name} is not in 2025-01"
                assert str(field.type) == str(real.type), f"{name}.{field_name}"
                for arg_name, arg in field.args.items():
                    real_arg = real.args.get(arg_name)
                    assert real_arg is not None, f"{name}.{field_name}({arg_name})"
                    assert str(arg.type) == str(real_arg.type), f"{name}.{field_name}({arg_name})"
                    assert arg.default_value == real_arg.default_value, arg_name
        assert not isinstance(ours_type, GraphQLInputObjectType), name


def test_answers_fit_the_2025_01_types(base_url: str, shopify_schema: GraphQLSchema) -> None:
    with (
        httpx.Client(base_url=base_url, timeout=10) as sim,
        httpx.Client(
            base_url=base_url, headers={"X-Shopify-Access-Token": shopify_sim.TOKEN}, timeout=10
        ) as api,
    ):
        sim.post("/_sim/reset").raise_for_status()
        body = {
            "title": "Shirt",
            "tags": "katoen, zomer",
            "variants": [
                {"sku": "DRIFT-S", "price": "24.95", "barcode": "8710000000011"},
                {"sku": "DRIFT-M", "price": "26.95", "compare_at_price": "29.95"},
            ],
        }
        [product] = sim.post("/_sim/products", json=body).json()["products"]
        variant_gid = f"gid://shopify/ProductVariant/{product['variants'][0]['id']}"
        variables = {"q": "sku:DRIFT-S OR sku:DRIFT-M", "id": variant_gid}
        for document in DOCUMENTS:
            parsed = parse(document)
            assert validate(shopify_schema, parsed) == [], document
            answer = api.post(
                f"{API}/graphql.json", json={"query": document, "variables": variables}
            )
            assert answer.status_code == 200
            payload = answer.json()
            assert "errors" not in payload, payload
            assert set(payload["extensions"]["cost"]) == {
                "requestedQueryCost",
                "actualQueryCost",
                "throttleStatus",
            }
            replayed = execute_sync(
                shopify_schema, parsed, root_value=payload["data"], variable_values=variables
            )
            assert replayed.errors is None, replayed.errors
            assert replayed.data == payload["data"]
            assert json.dumps(payload["data"]).count("DRIFT-") >= 1
