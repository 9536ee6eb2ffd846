"""Control API for article groups, stock and "edits at the till" (marker bumps)."""

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException

from syncyard_sim_mplus.control_schemas import GroupSeed, StockSeed
from syncyard_sim_mplus.operations import groups, stock
from syncyard_sim_mplus.simulator import Simulator, current
from syncyard_sim_mplus.store import Record

router = APIRouter(prefix="/_sim", tags=["control"])
Kind = Literal["article", "relation", "order", "group"]


@router.post("/groups")
async def seed_groups(seeds: list[GroupSeed], sim: Simulator = Depends(current)) -> list[Record]:
    """Create article groups in order (a later seed may name an earlier one as parent)."""
    out = []
    for seed in seeds:
        answer = groups.new_article_group(sim.store, {"request": seed.model_dump()})
        if answer["result"] != "NEW-ARTICLE-GROUP-RESULT-OK":
            raise HTTPException(422, answer["result"])
        out.append(_group_view(sim.store.groups[answer["groupNumber"]]))
    return out


@router.get("/groups")
async def list_groups(sim: Simulator = Depends(current)) -> list[Record]:
    """Every group, deleted ones included: groupNumber, parentGroupNumber, name, text, …"""
    return [_group_view(sim.store.groups[n]) for n in sorted(sim.store.groups)]


@router.post("/stock")
async def seed_stock(seeds: list[StockSeed], sim: Simulator = Depends(current)) -> list[Record]:
    """Set absolute stock levels as setStock would; 422 with the result enum if refused."""
    out = []
    for seed in seeds:
        answer = stock.set_stock(sim.store, {"request": seed.model_dump()})
        if answer["result"] != "SET-STOCK-RESULT-OK":
            raise HTTPException(422, answer["result"])
        sim.store.stock[(seed.branchNumber, seed.articleNumber)].reserved = seed.amountReserved
        out.append(answer)
    return out


@router.post("/touch/{kind}/{number}")
async def touch(kind: Kind, number: str, sim: Simulator = Depends(current)) -> dict[str, int]:
    """Give a record the next sync marker of its kind, as an edit at the till would."""
    store = sim.store
    record: Record | None
    if kind == "order":
        record = store.orders.get(number)
    else:
        table = {"article": store.articles, "relation": store.relations, "group": store.groups}
        record = table[kind].get(int(number)) if number.isdigit() else None
    if record is None:
        raise HTTPException(404, f"No {kind} {number}")
    record["syncMarker"] = store.next_marker(kind)
    if kind == "article":
        store.products[store.article_product[int(number)]]["syncMarker"] = record["syncMarker"]
    return {"syncMarker": record["syncMarker"]}


def _group_view(group: Record) -> Record:
    return {
        "groupNumber": group["groupNumber"],
        "parentGroupNumber": group["parent"],
        "name": group["name"],
        "text": group["text"],
        "sortOrder": group["sortOrder"],
        "isDeleted": group["isDeleted"],
        "syncMarker": group["syncMarker"],
    }
