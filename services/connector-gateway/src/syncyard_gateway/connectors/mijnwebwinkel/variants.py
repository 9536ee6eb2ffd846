"""Variants: attach option-list options to an article, then write each variant's SKU and stock.

MijnWebwinkel makes one variant per combination of the options attached to an article. Option
lists themselves can only be made in the admin; the API can add options to them. The variant
SKU has no field in the API, so it goes into an invisible article field per variant."""

from collections.abc import Mapping
from typing import Any

from syncyard_common.canonical import Product, Variant
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mijnwebwinkel import translate
from syncyard_gateway.connectors.mijnwebwinkel.client import MijnWebwinkelClient
from syncyard_gateway.connectors.mijnwebwinkel.payloads import Article, OptionList


async def lists_for(
    client: MijnWebwinkelClient,
    product: Product,
    option_list_ids: dict[str, int],
    current: Article | None,
) -> list[dict[str, Any]]:
    """The `lists` body that offers every option the product's variants use (and keeps the
    options already attached, so no merchant-made variant disappears)."""
    names = list(dict.fromkeys(name for v in product.variants for name in v.attributes))
    missing = [name for name in names if name not in option_list_ids]
    if missing:
        raise ConnectorDataError(
            f"No MijnWebwinkel option list is set for {', '.join(missing)}: add the list in "
            "the MijnWebwinkel admin and its id to the connection's option_list_ids.",
            code="option_list_unknown",
        )
    body = []
    for name in names:
        values = list(dict.fromkeys(v.attributes[name] for v in product.variants))
        option_list = await _with_options(client, option_list_ids[name], values)
        attached = {
            o.id
            for lst in (current.lists if current else [])
            if lst.id == option_list.id
            for o in lst.options
        }
        wanted = [o.id for o in option_list.options if o.name in values or o.id in attached]
        body.append(
            {"id": option_list.id, "options": [{"id": oid, "image_ids": []} for oid in wanted]}
        )
    return body


async def _with_options(client: MijnWebwinkelClient, list_id: int, values: list[str]) -> OptionList:
    option_list = OptionList.model_validate(await client.get(f"/articlelists/{list_id}"))
    known = {option.name for option in option_list.options}
    absent = [value for value in values if value not in known]
    if absent:
        added = await client.post(
            f"/articlelistoptions/{list_id}", [{"name": value} for value in absent]
        )
        option_list = OptionList.model_validate(added)
    return option_list


def match(
    article: Article, variant: Variant, option_list_ids: Mapping[str, int] | None = None
) -> int | None:
    """The article's variant for a canonical variant: by SKU field first, then by attributes
    (by list name, or by the list the connection names for the attribute: "size" → Maat)."""
    for variant_id, sku in translate.variant_skus(article).items():
        if sku == variant.sku:
            return variant_id
    by_list = {(option_list_ids or {}).get(k): v for k, v in variant.attributes.items()}
    for candidate in article.variants:
        if translate.attributes_of(article, candidate) == variant.attributes:
            return candidate.id
        if None not in by_list and by_list == {o.list_id: o.name for o in candidate.options}:
            return candidate.id
    return None


async def write_skus_and_stock(
    client: MijnWebwinkelClient,
    article: Article,
    product: Product,
    *,
    with_stock: bool,
    option_list_ids: Mapping[str, int] | None = None,
) -> Article:
    """Store each variant's SKU (only where it differs) and, when asked, its stock."""
    known = translate.variant_skus(article)
    fields, stock = {}, []
    for variant in product.variants:
        variant_id = match(article, variant, option_list_ids)
        if variant_id is None:
            raise ConnectorDataError(
                f"MijnWebwinkel made no variant for {variant.sku} ({variant.attributes}).",
                code="variant_not_made",
            )
        if known.get(variant_id) != variant.sku:
            fields[translate.VARIANT_SKU_FIELD.format(variant_id=variant_id)] = variant.sku
        if with_stock and variant.quantity is not None:
            stock.append({"id": variant_id, "stock": variant.quantity})
    if fields:
        answer = await client.post(f"/articlefields/{article.id}", fields, visible="false")
        article = Article.model_validate(answer)
    if stock:
        article = Article.model_validate(
            await client.patch(f"/articles/{article.id}", {"variants": stock})
        )
    return article
