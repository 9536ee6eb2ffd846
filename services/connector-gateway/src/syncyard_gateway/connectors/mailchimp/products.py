"""The store's products: finding SKUs (product or variant) and writing products, variants."""

from dataclasses import dataclass
from typing import Any

from syncyard_common.canonical import Product
from syncyard_gateway.connectors.mailchimp import translate
from syncyard_gateway.connectors.mailchimp.client import MailchimpClient, segment
from syncyard_gateway.connectors.mailchimp.payloads import MailchimpProduct, MailchimpVariant

SCAN_FIELDS = "products.id,products.variants.id,products.variants.sku"


@dataclass(frozen=True)
class Located:
    """Where a SKU lives: the product that holds it and the variant that is it."""

    product_id: str
    variant_id: str


def _match(product: MailchimpProduct, sku: str) -> MailchimpVariant | None:
    return next((v for v in product.variants if sku in (v.sku, v.id)), None)


class StoreProducts:
    def __init__(self, client: MailchimpClient, store_id: str) -> None:
        self.client = client
        self.path = f"/ecommerce/stores/{segment(store_id)}/products"

    async def product(self, product_id: str) -> MailchimpProduct | None:
        found = await self.client.find(f"{self.path}/{segment(product_id)}")
        return MailchimpProduct.model_validate(found) if found else None

    async def locate(
        self, skus: list[str], hints: dict[str, str] | None = None, *, products: bool = False
    ) -> dict[str, Located]:
        """SKU -> Located. First the product whose id is the SKU (or the hinted id, as we
        write them), then one scan of the catalogue for SKUs that are someone's variant.

        ``products``: a product's own SKU counts too (its variants have SKUs of their own);
        it then locates the product and its first variant. Order lines and stock need a
        variant that *is* the SKU, so they leave this off."""
        wanted = list(dict.fromkeys(sku for sku in skus if sku))
        found: dict[str, Located] = {}
        for sku in wanted:
            product = await self.product((hints or {}).get(sku, sku))
            variant = _match(product, sku) if product else None
            if product and variant:
                found[sku] = Located(product.id, variant.id)
            elif products and product and product.id == sku and product.variants:
                found[sku] = Located(product.id, product.variants[0].id)
        missing = [sku for sku in wanted if sku not in found]
        if missing:
            for raw in await self._scan():
                product = MailchimpProduct.model_validate(raw)
                for sku in missing:
                    variant = _match(product, sku)
                    if variant and sku not in found:
                        found[sku] = Located(product.id, variant.id)
        return found

    async def _scan(self) -> list[Any]:
        # The store may not exist yet: then there is nothing to find.
        if await self.client.find(self.path, {"count": "1", "fields": "total_items"}) is None:
            return []
        return await self.client.get_all(self.path, "products", SCAN_FIELDS)

    async def create(self, product: Product, currency: str) -> str:
        """PUT under the SKU: an upsert, so a repeated command cannot make a second one."""
        body = translate.product_body(product, currency)
        await self.client.call("PUT", f"{self.path}/{segment(product.sku)}", body=body)
        return product.sku

    async def update(
        self, existing: MailchimpProduct, product: Product, fields: frozenset[str] | None,
        currency: str,
    ) -> None:  # fmt: skip
        """PATCH the product's own fields; variants one by one (PATCH known, PUT new)."""
        path = f"{self.path}/{segment(existing.id)}"
        patch = translate.product_fields_patch(product, fields)
        if patch:
            await self.client.call("PATCH", path, body=patch)
        if not product.variants:
            simple = _match(existing, product.sku) or (
                existing.variants[0] if len(existing.variants) == 1 else None
            )
            variant_patch = translate.simple_variant_patch(product, fields, currency)
            if simple and variant_patch:
                await self.write_variant(existing.id, simple.id, variant_patch, exists=True)
            return
        if fields is not None and "variants" not in fields:
            return
        for variant in product.variants:
            body = translate.variant_body(variant, product, currency)
            known = _match(existing, variant.sku)
            variant_id = known.id if known else variant.sku
            await self.write_variant(existing.id, variant_id, body, exists=known is not None)

    async def write_variant(
        self, product_id: str, variant_id: str, body: dict[str, Any], *, exists: bool
    ) -> None:
        path = f"{self.path}/{segment(product_id)}/variants/{segment(variant_id)}"
        if exists:
            await self.client.call("PATCH", path, body={k: v for k, v in body.items() if k != "id"})
        else:
            await self.client.call("PUT", path, body=body)
