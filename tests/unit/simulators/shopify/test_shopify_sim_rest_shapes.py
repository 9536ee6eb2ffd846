"""Every field the simulator emits for Order/Product/Customer exists in the GraphQL schema.

REST names are snake_case, GraphQL camelCase. A REST field passes when
  * its camelCase form is a field of the corresponding GraphQL type, or
  * it is `<thing>_id` and `<thing>` is a field of that type (REST inlines references as ids), or
  * it is listed in REST_ONLY below with the reason (renamed in GraphQL, or REST-only).
The allowlist is checked both ways, so an entry that is no longer emitted, or that GraphQL now
has under the same name, fails too.
"""

import gzip
import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from syncyard_sim_shopify import (
    collection_payload,
    inventory,
    order_payload,
    product_payload,
    seed,
    shop,
    transactions,
)
from syncyard_sim_shopify.settings import SimulatorSettings
from syncyard_sim_shopify.store import Store
from tests import vendor_specs

pytestmark = pytest.mark.unit

# Not vendored (no licence shown): read from ../shared/specs, see specs/vendor/README.md.
SCHEMA = "shopify/admin_schema_2025-01.json.gz"

# (GraphQL type, REST field) -> why GraphQL has no field of that name.
REST_ONLY: dict[tuple[str, str], str] = {
    ("*", "admin_graphql_api_id"): "GraphQL `id` itself",
    ("Order", "order_number"): "GraphQL `name` (#1001) only",
    ("Order", "number"): "REST sequence number; no GraphQL field",
    ("Order", "contact_email"): "REST alias of `email`",
    ("Order", "currency"): "GraphQL `currencyCode`",
    ("Order", "presentment_currency"): "GraphQL `presentmentCurrencyCode`",
    ("Order", "total_line_items_price"): "REST-only (GraphQL `subtotalLineItemsQuantity` counts)",
    ("Order", "total_line_items_price_set"): "REST-only money set",
    ("Order", "current_total_price"): "GraphQL only as `currentTotalPriceSet`",
    ("Order", "current_subtotal_price"): "GraphQL only as `currentSubtotalPriceSet`",
    ("Order", "current_total_tax"): "GraphQL only as `currentTotalTaxSet`",
    ("Order", "current_total_discounts"): "GraphQL only as `currentTotalDiscountsSet`",
    ("Order", "total_outstanding"): "GraphQL only as `totalOutstandingSet`",
    ("Order", "financial_status"): "GraphQL `displayFinancialStatus`",
    ("Order", "fulfillment_status"): "GraphQL `displayFulfillmentStatus`",
    ("Order", "location_id"): "GraphQL `physicalLocation` / `retailLocation`",
    ("Order", "user_id"): "GraphQL `staffMember`",
    ("Order", "note_attributes"): "GraphQL `customAttributes`",
    ("LineItem", "price"): "GraphQL `originalUnitPrice`",
    ("LineItem", "price_set"): "GraphQL `originalUnitPriceSet`",
    ("LineItem", "gift_card"): "GraphQL `isGiftCard`",
    ("LineItem", "grams"): "REST-only weight",
    ("LineItem", "properties"): "GraphQL `customAttributes`",
    ("LineItem", "product_exists"): "REST-only flag",
    ("LineItem", "variant_inventory_management"): "REST-only copy of the variant setting",
    ("ShippingLine", "price_set"): "GraphQL `originalPriceSet`",
    ("MailingAddress", "country_name"): "REST customer address extra (GraphQL `country`)",
    ("MailingAddress", "customer_id"): "REST customer address back-reference",
    ("MailingAddress", "default"): "GraphQL `Customer.defaultAddress`",
    ("Customer", "currency"): "REST-only",
    ("CustomerEmailMarketingConsentState", "state"): "GraphQL `marketingState`",
    ("CustomerEmailMarketingConsentState", "opt_in_level"): "GraphQL `marketingOptInLevel`",
    ("Product", "published_scope"): "REST-only (GraphQL publications)",
    ("Product", "image"): "GraphQL `featuredImage`",
    ("ProductVariant", "fulfillment_service"): "REST-only (deprecated)",
    ("ProductVariant", "inventory_management"): "REST-only (GraphQL `inventoryItem.tracked`)",
    ("ProductVariant", "option1"): "GraphQL `selectedOptions`",
    ("ProductVariant", "option2"): "GraphQL `selectedOptions`",
    ("ProductVariant", "option3"): "GraphQL `selectedOptions`",
    ("ProductVariant", "grams"): "GraphQL `inventoryItem.measurement.weight`",
    ("ProductVariant", "weight"): "GraphQL `inventoryItem.measurement.weight`",
    ("ProductVariant", "weight_unit"): "GraphQL `inventoryItem.measurement.weight.unit`",
    ("ProductVariant", "old_inventory_quantity"): "REST-only",
    ("ProductVariant", "requires_shipping"): "GraphQL `inventoryItem.requiresShipping`",
    ("ProductOption", "product_id"): "REST back-reference",
    ("Collection", "body_html"): "GraphQL `descriptionHtml`",
    ("Collection", "published_at"): "GraphQL publications",
    ("Collection", "published_scope"): "REST-only (GraphQL publications)",
    ("Metafield", "owner_resource"): "GraphQL `ownerType`",
    ("InventoryItem", "cost"): "GraphQL `unitCost`",
    ("Shop", "domain"): "GraphQL `primaryDomain`",
    ("Shop", "country_code"): "GraphQL `billingAddress.countryCodeV2`",
    ("Shop", "currency"): "GraphQL `currencyCode`",
    ("Shop", "primary_location_id"): "GraphQL `Location.isPrimary`",
    ("Shop", "plan_name"): "GraphQL `plan.displayName`",
    ("Shop", "money_format"): "GraphQL `currencyFormats.moneyFormat`",
    ("OrderTransaction", "message"): "REST-only gateway message",
    ("OrderTransaction", "authorization"): "GraphQL `authorizationCode`",
    ("OrderTransaction", "location_id"): "REST-only (POS location)",
    ("OrderTransaction", "parent_id"): "GraphQL `parentTransaction`",
    ("OrderTransaction", "device_id"): "REST-only (POS device)",
    ("OrderTransaction", "source_name"): "REST-only (`external` for imported payments)",
    ("OrderTransaction", "receipt"): "GraphQL `receiptJson`",
    ("OrderTransaction", "currency"): "GraphQL `amountSet`",
}

# REST key -> GraphQL type of the nested object, per parent type.
NESTED: dict[str, dict[str, str]] = {
    "Order": {
        "customer": "Customer", "billing_address": "MailingAddress",
        "shipping_address": "MailingAddress", "line_items": "LineItem", "tax_lines": "TaxLine",
        "shipping_lines": "ShippingLine",
    },
    "LineItem": {"tax_lines": "TaxLine"},
    "ShippingLine": {"tax_lines": "TaxLine"},
    "Customer": {
        "addresses": "MailingAddress", "default_address": "MailingAddress",
        "email_marketing_consent": "CustomerEmailMarketingConsentState",
    },
    "Product": {"variants": "ProductVariant", "options": "ProductOption"},
    "MoneyBag": {"shop_money": "MoneyV2", "presentment_money": "MoneyV2"},
}  # fmt: skip


@cache
def graphql_fields() -> dict[str, set[str]]:
    path = vendor_specs.spec_path(SCHEMA)
    schema = json.loads(gzip.decompress(path.read_bytes()))["data"]["__schema"]
    return {t["name"]: {f["name"] for f in t["fields"] or []} for t in schema["types"]}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def check(obj: dict[str, Any], gql_type: str, path: str, used: set[tuple[str, str]]) -> list[str]:
    fields = graphql_fields()[gql_type]
    problems = []
    for key, value in obj.items():
        where = f"{path}.{key}"
        for allowed in ((gql_type, key), ("*", key)):
            if allowed in REST_ONLY:
                used.add(allowed)
                break
        else:
            if camel(key) not in fields and not (
                key.endswith("_id") and camel(key.removesuffix("_id")) in fields
            ):
                problems.append(f"{where}: no GraphQL {gql_type}.{camel(key)}")
        child_type = NESTED.get(gql_type, {}).get(key)
        if key.endswith("_set") and isinstance(value, dict):
            child_type = "MoneyBag"
        children = value if isinstance(value, list) else [value]
        for child in children:
            if child_type and isinstance(child, dict):
                problems += check(child, child_type, where, used)
    return problems


def sample_objects() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    store = Store(settings=SimulatorSettings())
    seed.seed_shop(store)
    product = product_payload.build_product(
        store,
        {"title": "Koffie", "variants": [{"sku": "K-1", "price": "12.50", "option1": "250g"}]},
    )
    store.products[product["id"]] = product
    address = {"first_name": "Jan", "last_name": "Jansen", "country_code": "NL", "zip": "1011AA"}
    order = order_payload.build_order(
        store,
        {
            "email": "jan@example.nl",
            "billing_address": address,
            "shipping_address": address,
            "line_items": [{"sku": "K-1", "quantity": 2}],
            "shipping_lines": [{"title": "PostNL", "price": "4.95"}],
            "source_name": "pos",
        },
    )
    customer = store.customers[order["customer"]["id"]]
    return order, product, customer


def catalogue_objects() -> list[tuple[dict[str, Any], str]]:
    """The resources added for the full connector, each with its GraphQL type.

    Collects are left out: GraphQL has no Collect type (it uses `collectionAddProducts`)."""
    order, product, _ = sample_objects()
    store = Store(settings=SimulatorSettings())
    seed.seed_shop(store)
    collection = collection_payload.build_collection(store, {"title": "Koffie"})
    metafield = collection_payload.set_metafield(
        store, "collection", collection["id"], {"namespace": "syncyard", "key": "k", "value": "1"}
    )
    transaction = transactions.build_transaction(
        store, order, {}, kind="sale", amount=Decimal("25.00")
    )
    return [
        (collection, "Collection"),
        (metafield, "Metafield"),
        (inventory.inventory_item(store, product["variants"][0]), "InventoryItem"),
        (shop.shop_json(store), "Shop"),
        (transaction, "OrderTransaction"),
    ]


def test_emitted_fields_exist_in_graphql_or_allowlist() -> None:
    order, product, customer = sample_objects()
    used: set[tuple[str, str]] = set()
    problems = check(order, "Order", "order", used)
    problems += check(product, "Product", "product", used)
    problems += check(customer, "Customer", "customer", used)
    for obj, gql_type in catalogue_objects():
        problems += check(obj, gql_type, gql_type.lower(), used)
    assert problems == []
    assert set(REST_ONLY) - used == set(), "allowlist entries no longer emitted"


def test_allowlisted_fields_are_really_absent_from_graphql() -> None:
    fields = graphql_fields()
    stale = [
        f"{gql_type}.{camel(key)}"
        for (gql_type, key) in REST_ONLY
        if gql_type != "*" and camel(key) in fields[gql_type]
    ]
    assert stale == []
