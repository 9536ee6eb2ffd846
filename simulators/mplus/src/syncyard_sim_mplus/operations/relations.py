"""Relation (customer) operations: get, list, find (fuzzy and exact), create, update."""

from typing import Any

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.operations.system import page_by_marker
from syncyard_sim_mplus.store import Record, Store

# Fields compared by findRelation; only those the caller fills in take part.
_SEARCH_FIELDS = (
    "extRelationId",
    "name",
    "companyName",
    "contact",
    "address",
    "zipcode",
    "city",
    "country",
    "telephone",
    "mobile",
    "email",
    "relationCode",
    "vatNumber",
    "commerceNumber",
    "cardNumber",
)


def get_relations(store: Store, payload: Record) -> Record:
    """getRelations {relationNumbers[], categoryId, syncMarker, syncMarkerLimit}."""
    request: Record = payload.get("request") or {}
    wanted = set(request.get("relationNumbers") or [])
    category = request.get("categoryId")
    rows = [
        r
        for r in store.relations.values()
        if (not wanted or r["relationNumber"] in wanted)
        and (category is None or r.get("categoryId") == category)
    ]
    return {"relationList": {"relation": page_by_marker(rows, request)}}


def get_relation(store: Store, payload: Record) -> Record:
    """getRelation(relationNumber)."""
    relation = store.relations.get(payload.get("relationNumber", 0))
    if relation is None:
        return {"result": "GET-RELATION-RESULT-NOT-FOUND", "relation": {}}
    return {"result": "GET-RELATION-RESULT-OK", "relation": relation}


def find_relation(store: Store, payload: Record) -> Record:
    """findRelation: partial, case-insensitive match on every supplied field."""
    return _find(store, payload.get("relation") or {}, exact=False)


def find_relation_v2(store: Store, payload: Record) -> Record:
    """findRelationV2 {relation, exactMatch}."""
    request: Record = payload.get("request") or {}
    return _find(store, request.get("relation") or {}, exact=bool(request.get("exactMatch")))


def _find(store: Store, probe: Record, *, exact: bool) -> Record:
    criteria = {k: str(probe[k]).strip().casefold() for k in _SEARCH_FIELDS if probe.get(k)}
    if probe.get("relationNumber"):
        criteria["relationNumber"] = str(probe["relationNumber"])
    for number in sorted(store.relations):
        relation = store.relations[number]
        if criteria and all(_hit(relation.get(k), v, exact) for k, v in criteria.items()):
            return {"result": "FIND-RELATION-RESULT-OK", "relation": relation}
    return {"result": "FIND-RELATION-RESULT-NOT-FOUND"}


def _hit(value: Any, wanted: str, exact: bool) -> bool:
    # E-mail addresses and names are compared case-insensitively in both modes.
    have = str(value or "").strip().casefold()
    return have == wanted if exact else wanted in have


def create_relation(store: Store, payload: Record) -> Record:
    """createRelation; a company's contactList persons become relations of their own."""
    relation: Record = payload.get("relation") or {}
    wanted = relation.get("relationNumber")
    if wanted and wanted in store.relations:
        return {
            "result": "CREATE-RELATION-RESULT-FAILED-RELATION-NUMBER-ALREADY-TAKEN",
            "relationNumber": 0,
            "errorMessage": f"Relation number {wanted} is already taken",
        }
    stored = save_new_relation(store, relation)
    return {
        "result": "CREATE-RELATION-RESULT-OK",
        "relationNumber": stored["relationNumber"],
        "changeTimestamp": stored["changeTimestamp"],
        "syncMarker": stored["syncMarker"],
        "errorMessage": "",
    }


def save_new_relation(store: Store, relation: Record) -> Record:
    """Store a relation (and its contacts) with fresh numbers and markers."""
    contacts = [
        save_new_relation(store, contact)
        for contact in (relation.get("contactList") or {}).get("relation", [])
    ]
    now = clock.mplus_datetime()
    number = store.take_number("relation", relation.get("relationNumber"), set(store.relations))
    stored: Record = {
        "active": True,
        **relation,
        "relationNumber": number,
        "createTimestamp": now,
        "changeTimestamp": now,
        "syncMarker": store.next_marker("relation"),
    }
    if contacts:
        stored["contactList"] = {"relation": contacts}
    store.relations[number] = stored
    return stored


def update_relation(store: Store, payload: Record) -> Record:
    """updateRelation: merge the supplied fields into the existing relation."""
    relation: Record = payload.get("relation") or {}
    number = relation.get("relationNumber")
    existing = store.relations.get(number or 0)
    if existing is None:
        return {
            "result": "UPDATE-RELATION-RESULT-NOT-FOUND",
            "errorMessage": f"Relation {number} not found",
        }
    existing.update({k: v for k, v in relation.items() if k != "contactList"})
    existing["changeTimestamp"] = clock.mplus_datetime()
    existing["syncMarker"] = store.next_marker("relation")
    return {
        "result": "UPDATE-RELATION-RESULT-OK",
        "errorMessage": "",
        "changeTimestamp": existing["changeTimestamp"],
        "syncMarker": existing["syncMarker"],
    }
