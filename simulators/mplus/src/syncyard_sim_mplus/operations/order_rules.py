"""Order validation and the stored shape of an order (numbers, totals, states)."""

import uuid

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.store import DEFAULT_BRANCH, Record, Store

FAILED = "CREATE-ORDER-RESULT-FAILED"


def rejection(store: Store, order: Record, *, is_update: bool = False) -> tuple[str, str] | None:
    """Why Mplus would refuse this order (result enum, message), or None."""
    ext = order.get("extOrderId")
    if not is_update and ext and any(o.get("extOrderId") == ext for o in store.orders.values()):
        return "CREATE-ORDER-RESULT-EXT-ORDER-ID-ALREADY-EXISTS", f"extOrderId {ext} already exists"
    employee = order.get("employeeNumber")
    if store.switches.require_employee_number and not employee:
        return FAILED, "employeeNumber is required"
    if employee and employee not in store.employees:
        return FAILED, f"Employee {employee} not found"
    relation = order.get("relationNumber")
    if relation and relation not in store.relations:
        return FAILED, f"Relation {relation} not found"
    for line in (order.get("lineList") or {}).get("line", []):
        if line.get("articleNumber") not in store.articles:
            return FAILED, f"Article {line.get('articleNumber')} not found"
    return None


def build(store: Store, order: Record, existing: Record | None = None) -> Record:
    """The order as stored: ids, numbers, markers, line defaults and totals."""
    lines = [_line(store, line, i) for i, line in enumerate(_lines(order), start=1)]
    total_incl = sum(line["data"]["totalInclAmount"] for line in lines)
    total_excl = sum(line["data"]["totalExclAmount"] for line in lines)
    now = clock.mplus_datetime()
    built: Record = {
        "orderType": "ORDER-TYPE-SALES-ORDER",
        "entryBranchNumber": DEFAULT_BRANCH,
        "financialBranchNumber": DEFAULT_BRANCH,
        "vatMethod": "VAT-METHOD-INCLUSIVE",
        "prepaidAmount": 0,
        "fullyPaid": False,
        "deliveryState": "ORDER-DELIVERY-STATE-NOTHING",
        "cancelState": "ORDER-CANCEL-STATE-NOTHING",
        "completeState": "ORDER-COMPLETE-STATE-NOTHING",
        **order,
        "syncMarker": store.next_marker("order"),
        "totalInclAmount": total_incl,
        "totalExclAmount": total_excl,
        "lineList": {"line": lines} if lines else None,
    }
    built["fullyPaid"] = bool(lines) and built["prepaidAmount"] >= total_incl
    relation = store.relations.get(built.get("relationNumber") or 0)
    if relation is not None:
        built["relationName"] = relation.get("name") or relation.get("companyName")
    if existing is None:
        number = store.take_number("order", None, set())
        built.update(
            orderId=str(uuid.uuid4()),
            entryTimestamp=now,
            financialDate=clock.mplus_date(),
            orderNumber={"year": now["year"], "number": number},
            changeCounter=0,
            versionNumber=1,
        )
    else:
        built["changeCounter"] = existing["changeCounter"] + 1
        built["versionNumber"] = existing["versionNumber"] + 1
    return built


def _lines(order: Record) -> list[Record]:
    return list((order.get("lineList") or {}).get("line", []))


def _line(store: Store, line: Record, sequence: int) -> Record:
    article = store.articles[line["articleNumber"]]
    data: Record = dict(line.get("data") or {"quantity": 1})
    places = data.get("decimalPlaces") or 0
    data.setdefault("decimalPlaces", places)
    data.setdefault("price", article.get("priceIncl", 0))
    data.setdefault("vatPercentage", article.get("vatPercentage", 21))
    data.setdefault("vatCode", article.get("vatCode", 1))
    total = round(data["price"] * data["quantity"] / 10**places)
    data["totalInclAmount"] = total
    data["totalExclAmount"] = round(total * 100 / (100 + data["vatPercentage"]))
    return {
        "pluNumber": article.get("pluNumber"),
        "text": article.get("description"),
        **line,
        "lineId": line.get("lineId") or str(uuid.uuid4()),
        "data": data,
        "sequenceNumber": sequence,
    }
