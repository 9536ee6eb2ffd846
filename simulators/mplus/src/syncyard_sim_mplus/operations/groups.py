"""Article group (category tree) operations: list, changes, new, update, delete."""

from syncyard_sim_mplus.operations.system import page_by_marker
from syncyard_sim_mplus.store import Record, Store

TOP = 0  # parentGroupNumber of a top-level group


def get_article_groups(store: Store, payload: Record) -> Record:
    """getArticleGroups: without a syncMarker the live tree from the top; with one, every
    changed group (deleted ones included, flagged isDeleted) with its live subgroups."""
    request: Record = payload.get("request") or {}
    wanted = set(request.get("groupNumbers") or [])
    with_articles = bool(request.get("retrieveArticleNumbers"))
    if request.get("syncMarker") is None:
        rows = [
            g
            for g in _sorted(store)
            if not g["isDeleted"] and (g["groupNumber"] in wanted if wanted else g["parent"] == TOP)
        ]
    else:
        changed = [g for g in store.groups.values() if not wanted or g["groupNumber"] in wanted]
        rows = page_by_marker(changed, request)
    tree = [_tree(store, g, with_articles) for g in rows]
    return {"articleGroupList": {"articleGroups": tree}}


def get_article_group_changes(store: Store, payload: Record) -> Record:
    """getArticleGroupChanges {syncMarker, syncMarkerLimit, groupNumbers}: flat, with parents."""
    request: Record = payload.get("request") or {}
    wanted = set(request.get("groupNumbers") or [])
    changed = [g for g in store.groups.values() if not wanted or g["groupNumber"] in wanted]
    rows = page_by_marker(changed, {"syncMarker": 0, **request})
    return {"changedArticleGroupList": {"changedArticleGroups": [_flat(store, g) for g in rows]}}


def new_article_group(store: Store, payload: Record) -> Record:
    """newArticleGroup {parentGroupNumber (0 = top), name, text, sortOrder}."""
    request: Record = payload.get("request") or {}
    parent = request.get("parentGroupNumber") or TOP
    if parent != TOP and not _live(store, parent):
        return {"result": "NEW-ARTICLE-GROUP-RESULT-PARENT-NOTFOUND", "groupNumber": 0}
    if not str(request.get("name") or "").strip():
        return {"result": "NEW-ARTICLE-GROUP-RESULT-FAILED", "groupNumber": 0}
    number = store.take_number("group", None, set(store.groups))
    store.groups[number] = {
        "groupNumber": number,
        "parent": parent,
        "name": request["name"],
        "text": request.get("text") or "",
        "sortOrder": request.get("sortOrder") or 0,
        "isDeleted": False,
        "syncMarker": store.next_marker("group"),
    }
    return {"result": "NEW-ARTICLE-GROUP-RESULT-OK", "groupNumber": number}


def update_article_group(store: Store, payload: Record) -> Record:
    """updateArticleGroup {groupNumber, name?, text?, sortOrder?, parentGroupNumber?}."""
    request: Record = payload.get("request") or {}
    group = _live(store, request.get("groupNumber", 0))
    if group is None:
        return {"result": "SAVE-ARTICLE-GROUP-RESULT-NOT-FOUND"}
    parent = request.get("parentGroupNumber")
    moves_badly = parent == group["groupNumber"] or not _live(store, parent or 0)
    if parent is not None and parent != TOP and moves_badly:
        return {"result": "SAVE-ARTICLE-GROUP-RESULT-FAILED"}
    for key in ("name", "text", "sortOrder"):
        if key in request:
            group[key] = request[key]
    if parent is not None:
        group["parent"] = parent
    group["syncMarker"] = store.next_marker("group")
    return {"result": "SAVE-ARTICLE-GROUP-RESULT-OK"}


def delete_article_group(store: Store, payload: Record) -> Record:
    """deleteArticleGroup: the group (and its subgroups) stay, flagged isDeleted."""
    request: Record = payload.get("request") or {}
    group = _live(store, request.get("groupNumber", 0))
    if group is None:
        return {"result": "DELETE-ARTICLE-GROUP-RESULT-NOTFOUND"}
    for doomed in [group, *_descendants(store, group["groupNumber"])]:
        doomed["isDeleted"] = True
        doomed["syncMarker"] = store.next_marker("group")
    return {"result": "DELETE-ARTICLE-GROUP-RESULT-OK"}


def _live(store: Store, number: int) -> Record | None:
    group = store.groups.get(number)
    return group if group is not None and not group["isDeleted"] else None


def _sorted(store: Store) -> list[Record]:
    return sorted(store.groups.values(), key=lambda g: (g["sortOrder"], g["groupNumber"]))


def _children(store: Store, number: int) -> list[Record]:
    return [g for g in _sorted(store) if g["parent"] == number and not g["isDeleted"]]


def _descendants(store: Store, number: int) -> list[Record]:
    found: list[Record] = []
    for child in _children(store, number):
        found += [child, *_descendants(store, child["groupNumber"])]
    return found


def _products_of(store: Store, number: int) -> list[int]:
    return sorted(p for p, product in store.products.items() if number in product["groupNumbers"])


def _articles_of(store: Store, number: int) -> list[int]:
    return sorted(a for a, p in store.article_product.items() if p in _products_of(store, number))


def _tree(store: Store, group: Record, with_articles: bool) -> Record:
    """A WSDL ArticleGroup with its live subgroups nested."""
    number = group["groupNumber"]
    subgroups = [_tree(store, g, with_articles) for g in _children(store, number)]
    return {
        "groupNumber": number,
        "syncMarker": group["syncMarker"],
        "name": group["name"],
        "text": group["text"],
        "subGroupList": {"articleGroups": subgroups},
        "sortOrder": group["sortOrder"],
        "productNumbers": {"number": _products_of(store, number)},
        "articleNumbers": {"number": _articles_of(store, number)} if with_articles else None,
        "isDeleted": group["isDeleted"],
    }


def _flat(store: Store, group: Record) -> Record:
    """A WSDL ChangedArticleGroup: parent and subgroup numbers instead of nesting."""
    number = group["groupNumber"]
    return {
        "groupNumber": number,
        "parentGroupNumber": group["parent"],
        "syncMarker": group["syncMarker"],
        "name": group["name"],
        "text": group["text"],
        "subGroupNumbers": {"number": [g["groupNumber"] for g in _children(store, number)]},
        "sortOrder": group["sortOrder"],
        "productNumbers": {"number": _products_of(store, number)},
        "isDeleted": group["isDeleted"],
    }
