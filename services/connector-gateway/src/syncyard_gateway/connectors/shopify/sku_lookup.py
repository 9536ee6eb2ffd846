"""SKU → variant through GraphQL `productVariants(query: "sku:A OR sku:B")`, 50 SKUs a query.

REST has no SKU filter (it would read every product); one query here costs 2 + 3 points per
variant asked for, from GraphQL's own bucket, so REST's 2 calls a second stay for the writes."""

from syncyard_gateway.connectors.shopify.client import ShopifyClient, parse
from syncyard_gateway.connectors.shopify.payloads import ShopifyVariant, ShopifyVariantConnection

# 50 terms keep the search string short and the requested cost near 152 points (cap 1000).
SKUS_PER_QUERY = 50
VARIANTS_BY_SKU = """
query VariantsBySku($query: String!, $first: Int!, $after: String) {
  productVariants(first: $first, after: $after, query: $query) {
    nodes {
      id
      sku
      legacyResourceId
      product { id legacyResourceId }
      inventoryItem { id legacyResourceId }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def sku_search(skus: list[str]) -> str:
    """`sku:"A" OR sku:"B"`: quoted, so hyphens, spaces and colons stay part of the SKU."""
    quoted = (sku.replace("\\", "\\\\").replace('"', '\\"') for sku in skus)
    return " OR ".join(f'sku:"{sku}"' for sku in quoted)


async def variants_by_sku(client: ShopifyClient, skus: list[str]) -> dict[str, ShopifyVariant]:
    """SKU → the first variant (lowest id) carrying it; SKUs not in the shop are left out."""
    wanted = [sku for sku in dict.fromkeys(skus) if sku]
    found: dict[str, ShopifyVariant] = {}
    for start in range(0, len(wanted), SKUS_PER_QUERY):
        batch = wanted[start : start + SKUS_PER_QUERY]
        variables: dict[str, object] = {"query": sku_search(batch), "first": len(batch)}
        while True:
            data = await client.query(VARIANTS_BY_SKU, variables)
            page = parse(ShopifyVariantConnection, data.get("productVariants"), "variants by SKU")
            for node in page.nodes:
                # Search may match loosely (case, tokens): keep exact SKUs only.
                if node.sku is not None and node.sku in batch and node.sku not in found:
                    found[node.sku] = ShopifyVariant(
                        id=node.legacyResourceId,
                        product_id=node.product.legacyResourceId,
                        sku=node.sku,
                        inventory_item_id=node.inventoryItem.legacyResourceId,
                    )
            # SKUs are not unique in Shopify: more variants than SKUs means more pages.
            if not page.pageInfo.hasNextPage or all(sku in found for sku in batch):
                break
            variables = variables | {"after": page.pageInfo.endCursor}
    return found
