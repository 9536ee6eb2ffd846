"""A vendor's own product fields cross as Product.extras: read under the vendor's field name,
written only where the target has a field of that name, and addressable by a mapping."""

from typing import Any

from syncyard_common.canonical import Product
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.bigcommerce import translate as bigcommerce
from syncyard_gateway.connectors.bigcommerce.payloads import BcProduct
from syncyard_gateway.connectors.ecwid import translate_products as ecwid
from syncyard_gateway.connectors.ecwid.payloads import EcwidProduct
from syncyard_gateway.connectors.mailchimp import translate as mailchimp
from syncyard_gateway.connectors.mailchimp.payloads import MailchimpProduct
from syncyard_gateway.connectors.mijnwebwinkel import translate as mijnwebwinkel
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Article
from syncyard_gateway.connectors.mplus import translate_products as mplus
from syncyard_gateway.connectors.mplus.article_payloads import ArticleRecord, ProductRecord
from syncyard_gateway.connectors.shopify import translate_products as shopify
from syncyard_gateway.connectors.shopify.payloads import ShopifyProduct
from syncyard_mapper.engine import apply, compile, document

PRODUCT = Product(
    sku="100",
    name="Tea",
    extras={"warranty": "Two years", "meta_description": "Green tea", "unknown_field": 1},
)


def test_bigcommerce_reads_its_own_fields_into_extras() -> None:
    raw = {"id": 5, "name": "Tea", "warranty": "Two years", "mpn": "", "layout_file": "x"}
    product = bigcommerce.to_canonical_product(BcProduct.model_validate(raw), "EUR")
    assert product.extras == {"warranty": "Two years", "mpn": ""}  # unlisted fields left out


def test_bigcommerce_writes_the_extras_it_has_a_field_for() -> None:
    options = ProductWriteOptions()
    body = bigcommerce.product_body(PRODUCT, fields=None, options=options, currency="EUR")
    assert (body["warranty"], body["meta_description"]) == ("Two years", "Green tea")
    assert "unknown_field" not in body
    only_name = frozenset({"name"})
    body = bigcommerce.product_body(PRODUCT, fields=only_name, options=options, currency="EUR")
    assert "warranty" not in body  # extras not ticked for the update: not written


def test_mijnwebwinkel_extras_round_trip() -> None:
    body = mijnwebwinkel.article_fields(PRODUCT, None, store_includes_tax=True, category_ids={})
    assert body["meta_description"] == "Green tea"
    assert not {"warranty", "unknown_field"} & set(body)
    article = Article.model_validate({"id": 1, "name": "Tea", "sku": "100", **body})
    read = mijnwebwinkel.to_canonical_product(article, currency="EUR", prices_include_tax=True)
    assert read.extras == {"meta_description": "Green tea"}


def test_a_mapping_sets_and_reads_extras_by_name() -> None:
    mapping = document.MappingDocument.model_validate(
        {
            "format_version": 1,
            "fields": {
                "sku": "sku",
                "name": "name",
                "short_description": "short_description",
                "extras": '{"meta_description": short_description, "warranty": extras.guarantee}',
            },
        }
    )
    compiled = compile.compile_mapping(mapping, model=document.FLOW_MODELS["products"])
    source: dict[str, Any] = {
        "sku": "100",
        "name": "Tea",
        "short_description": "Green tea",
        "extras": {"guarantee": "Two years"},
    }
    mapped = apply.apply(compiled, source)
    assert mapped["extras"] == {"meta_description": "Green tea", "warranty": "Two years"}
    assert mapped["short_description"] == "Green tea"


def test_shopify_extras_round_trip() -> None:
    product = PRODUCT.model_copy(update={"extras": {"vendor": "Leaf & Co", "warranty": "x"}})
    body = shopify.from_canonical_product(product)
    assert body["vendor"] == "Leaf & Co"
    assert "warranty" not in body
    stored = ShopifyProduct.model_validate({"id": 9, "title": "Tea", **body, "variants": []})
    read = shopify.to_canonical_product(stored, currency="EUR", prices_include_tax=True)
    assert read.extras == {"vendor": "Leaf & Co"}
    update = shopify.product_update(product, stored, frozenset({"extras"}))
    assert update == {"vendor": "Leaf & Co"}


def test_mailchimp_extras_round_trip() -> None:
    product = PRODUCT.model_copy(
        update={"extras": {"vendor": "Leaf & Co", "handle": "tea", "warranty": "x"}}
    )
    body = mailchimp.product_body(product, "EUR")
    assert (body["vendor"], body["handle"]) == ("Leaf & Co", "tea")
    assert "warranty" not in body
    stored = MailchimpProduct.model_validate({**body, "type": "", "published_at_foreign": ""})
    read = mailchimp.to_canonical_product(stored, "EUR")
    assert read.extras == {"vendor": "Leaf & Co", "handle": "tea", "type": ""}
    assert mailchimp.product_fields_patch(product, frozenset({"extras"})) == {
        "vendor": "Leaf & Co",
        "handle": "tea",
    }
    assert mailchimp.product_fields_patch(product, frozenset({"name"})) == {"title": "Tea"}


def test_ecwid_extras_round_trip() -> None:
    product = PRODUCT.model_copy(update={"extras": {"seoTitle": "Green tea", "warranty": "x"}})
    body = ecwid.to_product_body(product, fields=None, existing=None, options=ProductWriteOptions())
    assert body["seoTitle"] == "Green tea"
    assert "warranty" not in body
    stored = EcwidProduct.model_validate({"id": 9, **body})
    assert ecwid.to_canonical_product(stored, currency="EUR").extras == {"seoTitle": "Green tea"}


def test_the_till_writes_its_own_article_texts_in_wsdl_order_and_reads_them_back() -> None:
    product = PRODUCT.model_copy(
        update={"extras": {"receiptText": "Green tea", "brandName": "Leaf", "warranty": "x"}}
    )
    unit = mplus.units(product)[0]
    fields = mplus.article_fields(product, unit, fields=frozenset({"extras"}), currency="EUR")
    assert list(fields) == ["active", "description", "colour", "size", "receiptText", "barcode",
                            "brandName", "vatPercentage", "priceIncl", "priceExcl"]  # fmt: skip
    assert (fields["receiptText"], fields["brandName"]) == ("Green tea", "Leaf")
    assert "warranty" not in fields
    stored = ArticleRecord(100, None, 1, "Tea", None, None, None, 21, 450, None, True, None,
                           extras={"receiptText": "Green tea"})  # fmt: skip
    record = ProductRecord(1, "Tea", None, (), (stored,))
    assert mplus.to_product(record, currency="EUR").extras == {"receiptText": "Green tea"}
