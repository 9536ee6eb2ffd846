"""The product flow's rules: filter, find by SKU, create with all or update the ticked fields."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel

from syncyard_common.canonical import Money, Product
from syncyard_common.messages import products
from syncyard_common.messages.envelope import Message
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_orchestrator.flows.products.settings import ProductFlowSettings
from syncyard_orchestrator.flows.records import EntityLink, Plan, RecordRun


def _field_value(record: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = record.get(head)
    if rest and isinstance(value, dict):
        return value.get(rest)
    return value


def _with_tax(money: Money | None, rate: Decimal, *, include: bool) -> Money | None:
    if money is None:
        return None
    factor = (Decimal(1) + rate) if include else 1 / (Decimal(1) + rate)
    amount = (Decimal(money.amount) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return money.model_copy(update={"amount": int(amount)})


def convert_prices(product: Product, target_includes_tax: bool | None) -> Product:
    """Prices as the target wants them (incl. or excl. tax), using the product's tax rate."""
    if target_includes_tax is None or target_includes_tax == product.prices_include_tax:
        return product
    if product.tax_rate is None:
        return product  # nothing to convert with: the mapping must supply a rate
    rate = Decimal(product.tax_rate)
    include = target_includes_tax
    return product.model_copy(
        update={
            "price": _with_tax(product.price, rate, include=include),
            "prices_include_tax": include,
            "variants": [
                v.model_copy(update={"price": _with_tax(v.price, rate, include=include)})
                for v in product.variants
            ],
        }
    )


def _variant_view(variants: Any, *, with_quantity: bool) -> list[tuple[Any, ...]]:
    """Variants as the target would show them: by SKU, without ids that only the source has."""
    view = [
        (
            v.get("sku"),
            v.get("name"),
            (v.get("price") or {}).get("amount"),
            v.get("barcode"),
            tuple(sorted((v.get("attributes") or {}).items())),
            v.get("quantity") if with_quantity else None,
        )
        for v in variants or []
    ]
    return sorted(view, key=lambda item: str(item[0]))


def differs(
    name: str,
    current: Any,
    wanted: Any,
    *,
    links: dict[str, str],
    allowed: list[str],
    kept: list[str] | tuple[str, ...] = (),
) -> bool:
    """Whether an update must write ``name``: compared as the target holds it, so a product
    read back unchanged is never rewritten (ids, category ids and empty values differ only
    in form)."""
    if name == "variants":
        with_quantity = "quantity" in allowed
        return _variant_view(current, with_quantity=with_quantity) != _variant_view(
            wanted, with_quantity=with_quantity
        )
    if name == "category_ids":
        # The target holds its own category ids: compare through the links we know.
        mapped = {links[c] for c in wanted or [] if c in links}
        return bool(mapped) and mapped != set(current or [])
    if name == "extras":
        # The target reads back every field of its own it has (empty too): a name it has no
        # field for is never written, so never a change.
        current = current or {}
        return any(k in current and current[k] != v for k, v in (wanted or {}).items())
    if name == "features" and not current:
        # A target that keeps no features shows none: not a change. One that keeps them
        # (``kept``: its product_fields) and shows none has none yet: wanted ones are new.
        return bool(wanted) and "features" in kept
    if name == "price":
        return (current or {}).get("amount") != (wanted or {}).get("amount")
    if name == "quantity" and wanted is None:
        return False
    return bool(current or wanted) and current != wanted


# Retryable: the product's categories are fetched from its source and the product goes again
# once they are linked (see links/waiting.py); a source's category id is never passed on.
CATEGORY_NOT_SYNCED = "category_not_synced"


def linked_only(product: Product, links: dict[str, str], *, sync_categories: bool) -> Product:
    """The product with only the categories the target has (through links); none when the
    flow does not sync categories."""
    kept = [c for c in product.category_ids if c in links] if sync_categories else []
    return product.model_copy(update={"category_ids": kept})


class ProductRules:
    flow = "products"
    entity = "products"
    settings_model: type[BaseModel] = ProductFlowSettings
    found_type: type[Message] | None = products.ProductFoundV1
    maps = True
    written_type: type[Message] = products.ProductWrittenV1

    def entity_ref(self, record: dict[str, Any]) -> str:
        return str(record.get("sku") or record.get("source_id") or "?")

    def screen(self, record: dict[str, Any], settings: ProductFlowSettings) -> str | None:
        rule = settings.filter
        if rule.only_active and record.get("is_active") is False:
            return "the product is not active (filter: only active products)"
        if rule.category_ids and not set(rule.category_ids) & set(record.get("category_ids", [])):
            wanted = ", ".join(rule.category_ids)
            return f"the product is in none of the categories {wanted} (filter)"
        for condition in rule.conditions:
            value = _field_value(record, condition.field)
            if str(value if value is not None else "") != condition.equals:
                return f"{condition.field} is {value!r}, not {condition.equals!r} (filter)"
        return None

    def find(
        self, run: RecordRun, mapped: dict[str, Any], settings: ProductFlowSettings
    ) -> Message:
        return products.FindProductV1(connection_id=run.target_connection_id, sku=mapped["sku"])

    def plan(
        self,
        run: RecordRun,
        mapped: dict[str, Any],
        found: Message | None,
        settings: ProductFlowSettings,
    ) -> Plan:
        product = convert_prices(Product.model_validate(mapped), settings.target_prices_include_tax)
        unlinked = [c for c in product.category_ids if c not in run.links]
        if unlinked and settings.sync_categories and run.categories_synced:
            reason = (
                f"the categories {', '.join(unlinked)} of {product.sku} have not been synced "
                "yet; their sync has been started and the product goes again once they are "
                "linked"
            )
            return Plan(failure=(CATEGORY_NOT_SYNCED, reason))
        # Without a categories flow from this source, unlinked categories are left out.
        product = linked_only(product, run.links, sync_categories=settings.sync_categories)
        options = ProductWriteOptions(
            article_number_rule=settings.article_number_rule,
            category_ids=run.links if settings.sync_categories else {},
        )
        assert isinstance(found, products.ProductFoundV1)
        if found.product_id is None:
            command = products.WriteProductV1(
                connection_id=run.target_connection_id, product=product, options=options
            )
            return Plan(command=command, fields=["all (new product)"])
        allowed = sorted(field.value for field in settings.updatable())
        current = found.product.model_dump(mode="json") if found.product else {}
        wanted = product.model_dump(mode="json")
        changed = [
            name
            for name in allowed
            if differs(
                name,
                current.get(name),
                wanted.get(name),
                links=run.links,
                allowed=allowed,
                kept=run.target_product_fields,
            )
        ]
        if not changed:
            ticked = ", ".join(allowed) or "none"
            return Plan(skip_reason=f"no field allowed to update has changed (allowed: {ticked})")
        command = products.WriteProductV1(
            connection_id=run.target_connection_id,
            product=product,
            product_id=found.product_id,
            fields=changed,
            options=options,
        )
        return Plan(command=command, fields=changed)

    def written(self, run: RecordRun, result: Message) -> tuple[str, list[EntityLink]]:
        assert isinstance(result, products.ProductWrittenV1)
        return result.product_id, [EntityLink("products", run.source_id, result.product_id)]
