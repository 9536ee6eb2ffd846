"""The MplusKASSA simulator as staff at the till use it: articles, groups, relations, stock."""

from __future__ import annotations

from typing import Any

import httpx

from syncyard_sim_mplus.driver import BRANCH, MplusDriver


class Till:
    """Seeds and reads the shared MplusKASSA simulator (unique numbers per test, never reset)."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.driver = MplusDriver(url, client=client)

    # --- products --------------------------------------------------------------------------
    async def add_product(
        self,
        sku: int,
        name: str,
        price: int,
        *,
        sizes: dict[int, str] | None = None,
        vat: int = 21,
        active: bool = True,
    ) -> None:
        """A product under product number ``sku``: one article, or one per size (variants)."""
        units = sizes or {sku: ""}
        seeds = []
        for number, size in units.items():
            seed: dict[str, Any] = {
                "articleNumber": number,
                "productNumber": sku,
                "productDescription": name,
                "description": f"{name} {size}".strip(),
                "priceIncl": price,
                "vatPercentage": vat,
                "active": active,
            }
            if size:
                seed["size"] = size
            seeds.append(seed)
        await self.driver.seed_articles(seeds)

    async def change_article(self, number: int, **fields: Any) -> None:
        """An edit at the till: the article's fields replaced, its sync marker moves on."""
        (article,) = [a for a in await self.articles() if a["articleNumber"] == number]
        keys = ("description", "priceIncl", "vatPercentage", "active", "barcode", "pluNumber")
        seed = {key: article[key] for key in keys if article.get(key) is not None}
        seed |= {"articleNumber": number, "productNumber": article["productNumber"], **fields}
        if "priceIncl" in fields:
            seed.pop("priceExcl", None)
        await self.driver.seed_articles([seed])

    async def articles(self) -> list[dict[str, Any]]:
        return await self.driver.articles()

    async def product_of(self, sku: str) -> list[dict[str, Any]]:
        """The articles of the product holding ``sku`` (as article or PLU number)."""
        articles = await self.articles()
        holder = next(
            (a for a in articles if sku in (str(a["articleNumber"]), a.get("pluNumber"))), None
        )
        if holder is None:
            return []
        return [a for a in articles if a["productNumber"] == holder["productNumber"]]

    # --- stock -------------------------------------------------------------------------------
    async def set_stock(self, number: int, amount: int, *, reserved: int = 0) -> None:
        seed = {"articleNumber": number, "amount": amount, "branchNumber": BRANCH,
                "amountReserved": reserved}  # fmt: skip
        await self.driver.seed_stock([seed])

    # --- relations and groups ------------------------------------------------------------------
    async def add_relation(self, **relation: Any) -> int:
        (stored,) = await self.driver.seed_relations([relation])
        return int(stored["relationNumber"])

    async def relations(self, email: str) -> list[dict[str, Any]]:
        relations = await self.driver.relations()
        return [r for r in relations if (r.get("email") or "").lower() == email.lower()]

    async def touch(self, kind: str, number: int | str) -> None:
        await self.driver.touch(kind, number)

    async def add_group(self, name: str, parent: int = 0) -> int:
        (stored,) = await self.driver.seed_groups([{"name": name, "parentGroupNumber": parent}])
        return int(stored["groupNumber"])

    async def groups(self, name: str) -> list[dict[str, Any]]:
        groups = await self.driver.groups()
        return [g for g in groups if g["name"] == name and not g.get("isDeleted")]
