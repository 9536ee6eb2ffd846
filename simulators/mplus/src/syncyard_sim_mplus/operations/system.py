"""Reference data operations: version, sync markers, employees, VAT groups, branches."""

from typing import Any

from syncyard_sim_mplus import clock
from syncyard_sim_mplus.store import Record, Store

API_VERSION = (67, 1, 3)  # the WSDL copy was generated for api v67.1.3
VAT_GROUPS = ((1, 21), (2, 9), (3, 0))  # vatCode -> vatPercentage (Dutch high, low, zero)


def get_api_version(_store: Store, _payload: Record) -> Record:
    """getApiVersion."""
    major, minor, revision = API_VERSION
    return {
        "majorNumber": major,
        "minorNumber": minor,
        "revisionNumber": revision,
        "serverDate": clock.mplus_date(),
        "serverDateTime": clock.mplus_datetime(),
        "inDebugMode": False,
        "serviceVersionDisplayString": "syncyard-sim-mplus",
    }


def get_current_sync_markers(store: Store, _payload: Record) -> Record:
    """getCurrentSyncMarkers: the high-water mark of every entity kind."""
    return {
        "articleSyncMarker": store.markers["article"],
        "articleGroupSyncMarker": store.markers["group"],
        "relationSyncMarker": store.markers["relation"],
        "employeeSyncMarker": store.markers["employee"],
        "invoiceSyncMarker": 0,
        "receiptSyncMarker": 0,
        "orderSyncMarker": store.markers["order"],
        "stockId": store.stock_id,
    }


def get_employees(store: Store, payload: Record) -> Record:
    """getEmployees {employeeNumbers[], syncMarker, syncMarkerLimit}."""
    request: Record = payload.get("request") or {}
    wanted = set(request.get("employeeNumbers") or [])
    employees = [e for e in store.employees.values() if not wanted or e["employeeNumber"] in wanted]
    return {"employeeList": {"employee": page_by_marker(employees, request)}}


def get_vat_group_list(_store: Store, _payload: Record) -> Record:
    """getVatGroupList."""
    return {
        "vatGroup": [
            {"countryIso3": "NLD", "vatCode": code, "vatPercentage": pct}
            for code, pct in VAT_GROUPS
        ]
    }


def get_branches(store: Store, _payload: Record) -> Record:
    """getBranches."""
    return {
        "branches": {
            "branch": [
                {
                    "branchNumber": number,
                    "branchName": f"Branch {number}",
                    "abbreviation": f"B{number}",
                    "countryCode": 528,
                    "countryIso3": "NLD",
                    "countryName": "Nederland",
                }
                for number in sorted(store.branches)
            ]
        }
    }


def page_by_marker(records: list[Record], request: Record) -> list[Any]:
    """Records with syncMarker above the given one, ascending, at most syncMarkerLimit."""
    since = request.get("syncMarker")
    if since is None:
        return records
    newer = sorted((r for r in records if r["syncMarker"] > since), key=lambda r: r["syncMarker"])
    limit = request.get("syncMarkerLimit")
    return newer[:limit] if limit else newer
