"""The GraphQL Admin API schema the simulator serves: a subset of 2025-01, resolvers attached.

Every type, field, argument and enum value below is copied from the 2025-01 introspection
(`shared/specs/shopify/admin_schema_2025-01.json.gz`); a drift test holds it to that."""

from typing import Any

from graphql import GraphQLError, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, build_schema

from syncyard_sim_shopify import graphql_variants
from syncyard_sim_shopify.store import Store

SDL = """
schema { query: QueryRoot }

scalar DateTime
scalar Money
scalar UnsignedInt64

interface Node { id: ID! }
interface LegacyInteroperability { legacyResourceId: UnsignedInt64! }

enum ProductStatus { ACTIVE ARCHIVED DRAFT }

enum ProductVariantSortKeys {
  FULL_TITLE ID INVENTORY_LEVELS_AVAILABLE INVENTORY_MANAGEMENT INVENTORY_POLICY
  INVENTORY_QUANTITY NAME POPULAR POSITION RELEVANCE SKU TITLE
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type InventoryItem implements LegacyInteroperability & Node {
  createdAt: DateTime!
  id: ID!
  legacyResourceId: UnsignedInt64!
  sku: String
  tracked: Boolean!
  updatedAt: DateTime!
}

type Product implements LegacyInteroperability & Node {
  createdAt: DateTime!
  handle: String!
  id: ID!
  legacyResourceId: UnsignedInt64!
  productType: String!
  status: ProductStatus!
  tags: [String!]!
  title: String!
  updatedAt: DateTime!
  vendor: String!
}

type ProductVariant implements LegacyInteroperability & Node {
  barcode: String
  compareAtPrice: Money
  createdAt: DateTime!
  displayName: String!
  id: ID!
  inventoryItem: InventoryItem!
  inventoryQuantity: Int
  legacyResourceId: UnsignedInt64!
  position: Int!
  price: Money!
  product: Product!
  sku: String
  taxable: Boolean!
  title: String!
  updatedAt: DateTime!
}

type ProductVariantEdge {
  cursor: String!
  node: ProductVariant!
}

type ProductVariantConnection {
  edges: [ProductVariantEdge!]!
  nodes: [ProductVariant!]!
  pageInfo: PageInfo!
}

type QueryRoot {
  product(id: ID!): Product
  productVariant(id: ID!): ProductVariant
  productVariants(
    first: Int
    after: String
    last: Int
    before: String
    reverse: Boolean = false
    sortKey: ProductVariantSortKeys = ID
    query: String
    savedSearchId: ID
  ): ProductVariantConnection!
}
"""


def _product_variants(_root: Any, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    store: Store = info.context
    return graphql_variants.variant_connection(store, **args)


def _product_variant(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    store: Store = info.context
    return graphql_variants.variant_by_gid(store, id)


def _product(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    store: Store = info.context
    return graphql_variants.product_by_gid(store, id)


def _resolve_type(value: dict[str, Any], _info: GraphQLResolveInfo, _type: Any) -> str:
    kind = str(value.get("id", "")).split("/")[-2:-1]
    if not kind:
        raise GraphQLError("Unknown node.")
    return kind[0]


def build() -> GraphQLSchema:
    """The executable schema: SDL plus the QueryRoot resolvers (context = the Store)."""
    schema = build_schema(SDL)
    query = schema.query_type
    assert isinstance(query, GraphQLObjectType)
    query.fields["productVariants"].resolve = _product_variants
    query.fields["productVariant"].resolve = _product_variant
    query.fields["product"].resolve = _product
    for name in ("Node", "LegacyInteroperability"):
        schema.type_map[name].resolve_type = _resolve_type  # type: ignore[attr-defined]
    return schema
