"""Stock operations: getStock, setStock, updateStock (per branch, stockArticle only)."""

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.store import Record, StockLevel, Store


def get_stock(store: Store, payload: Record) -> Record:
    """getStock {branchNumber, articleNumbers, stockId}: stock of stock articles."""
    request: Record = payload.get("request") or {}
    branch = request.get("branchNumber", 0)
    wanted = set((request.get("articleNumbers") or {}).get("articleNumbers", []))
    since = request.get("stockId")
    rows = []
    for number, article in sorted(store.articles.items()):
        if not article.get("stockArticle") or (wanted and number not in wanted):
            continue
        level = store.stock.get((branch, number), StockLevel())
        if since is not None and level.stock_id <= since:
            continue
        rows.append(
            {
                "branchNumber": branch,
                "articleNumber": number,
                "changeTimestamp": level.changed,
                "stockId": level.stock_id,
                "amountFree": level.amount,
                "decimalPlacesFree": level.decimal_places,
                "amountReserved": level.reserved,
                "decimalPlacesReserved": 0,
                "amountIncoming": 0,
                "decimalPlacesIncoming": 0,
                "isDayStockArticle": False,
            }
        )
    return {"articleStocks": rows}


def get_stock_history(store: Store, payload: Record) -> Record:
    """getStockHistory {branchNumber, articleNumbers, sinceStockId, sinceStockIdLimit}."""
    request: Record = payload.get("request") or {}
    wanted = set((request.get("articleNumbers") or {}).get("articleNumbers", []))
    since = request.get("sinceStockId") or 0
    rows = [
        row
        for row in store.stock_history
        if row["branchNumber"] == request.get("branchNumber")
        and row["stockId"] > since
        and (not wanted or row["articleNumber"] in wanted)
    ]
    limit = request.get("sinceStockIdLimit")
    return {"articleStockHistory": rows[:limit] if limit else rows}


def set_stock(store: Store, payload: Record) -> Record:
    """setStock: absolute amount."""
    return _change(store, payload.get("request") or {}, "SET-STOCK-RESULT", "amount", False)


def update_stock(store: Store, payload: Record) -> Record:
    """updateStock: relative amount."""
    return _change(
        store, payload.get("request") or {}, "UPDATE-STOCK-RESULT", "amountChanged", True
    )


def _change(store: Store, request: Record, prefix: str, field: str, relative: bool) -> Record:
    branch: int = request.get("branchNumber", 0)
    number: int = request.get("articleNumber", 0)
    if branch not in store.branches:
        return {"result": f"{prefix}-BRANCH-NOT-FOUND"}
    article = store.articles.get(number)
    if article is None:
        return {"result": f"{prefix}-ARTICLE-NOT-FOUND"}
    if not article.get("stockArticle"):
        return {"result": f"{prefix}-NO-STOCK-ARTICLE"}
    level = store.stock.setdefault((branch, number), StockLevel())
    places = max(level.decimal_places, request.get("decimalPlaces") or 0)
    current = level.amount * 10 ** (places - level.decimal_places)
    change = request.get(field, 0) * 10 ** (places - (request.get("decimalPlaces") or 0))
    level.amount = current + change if relative else change
    level.decimal_places = places
    level.stock_id = store.next_stock_id()
    level.changed = clock.mplus_datetime()
    store.stock_history.append(
        {
            "stockId": level.stock_id,
            "timestamp": level.changed,
            "branchNumber": branch,
            "articleNumber": number,
            "amountChanged": level.amount - current,
            "decimalPlaces": places,
            "type": "STOCK-HISTORY-TYPE-API",
        }
    )
    return {"result": f"{prefix}-OK", "stockId": level.stock_id}
