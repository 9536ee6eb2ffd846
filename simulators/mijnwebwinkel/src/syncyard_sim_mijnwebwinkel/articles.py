"""`/v{version}/articles…`, `/articlefields/…`, `/articlelists/…`, `/articlelistoptions/…`."""

from typing import Any

from fastapi import APIRouter, Request

from syncyard_sim_mijnwebwinkel import article_payload, bodies
from syncyard_sim_mijnwebwinkel.deps import StoreDep
from syncyard_sim_mijnwebwinkel.errors import bad_request, invalid, not_found
from syncyard_sim_mijnwebwinkel.store import Json, Store

router = APIRouter(prefix="/v{version}")


def matching(store: Store, request: Request) -> list[Json]:
    """Articles passing the created/changed/ids/uuids filters, in id order."""
    created_start = bodies.date_filter(store, request, "created_start_date")
    created_end = bodies.date_filter(store, request, "created_end_date")
    changed_start = bodies.date_filter(store, request, "changed_start_date")
    changed_end = bodies.date_filter(store, request, "changed_end_date")
    ids = {int(i) for i in _many(request, "ids") if i.isdigit()}
    uuids = set(_many(request, "uuids"))
    found = []
    for article_id in sorted(store.articles):
        article = store.articles[article_id]
        created = store.parse_local(article["created_date"], article["created_time"])
        changed = store.parse_local(article["updated_date"], article["updated_time"])
        if not bodies.in_window(created, created_start, created_end):
            continue
        if not bodies.in_window(changed, changed_start, changed_end):
            continue
        if (ids and article_id not in ids) or (uuids and article["uuid"] not in uuids):
            continue
        found.append(article)
    return found


def _many(request: Request, name: str) -> list[str]:
    """`ids[]=1&ids[]=2`, `ids=1&ids=2` and `ids=1,2` all work."""
    raw = request.query_params.getlist(f"{name}[]") + request.query_params.getlist(name)
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


def find(store: Store, request: Request, article_id: int) -> Json:
    """The article by id, or by its URL id when `use_url_id=true`; 404 otherwise."""
    if bodies.flag(request, "use_url_id"):
        article_id += 3327000
    article = store.articles.get(article_id)
    if article is None:
        raise not_found(f"Article {article_id}")
    return article


@router.get("/articles")
async def list_articles(store: StoreDep, request: Request) -> list[Json]:
    """A page of articles (bare array)."""
    limit, offset = bodies.page_window(request)
    return matching(store, request)[offset : offset + limit]


@router.get("/articles/count")
async def count_articles(store: StoreDep, request: Request) -> Json:
    """How many articles pass the filters."""
    return {"count": len(matching(store, request))}


@router.post("/articles")
async def create_article(store: StoreDep, request: Request) -> Json:
    """Create an article (answers 200 with the article, as documented)."""
    article = article_payload.create_article(store, await bodies.read_object(request))
    store.articles[article["id"]] = article
    return article


@router.get("/articles/{article_id}")
async def get_article(store: StoreDep, request: Request, article_id: int) -> Json:
    return find(store, request, article_id)


@router.patch("/articles/{article_id}")
async def patch_article(store: StoreDep, request: Request, article_id: int) -> Json:
    """Change the fields given; `variants[].stock` sets a variant's stock."""
    article = find(store, request, article_id)
    article_payload.apply_changes(store, article, await bodies.read_object(request))
    return article


@router.delete("/articles/{article_id}")
async def delete_article(store: StoreDep, request: Request, article_id: int) -> str:
    article = find(store, request, article_id)
    del store.articles[article["id"]]
    return "Article successfully deleted"


@router.post("/articlefields/{article_id}")
async def add_article_fields(store: StoreDep, request: Request, article_id: int) -> Json:
    """Add or set merchant fields: `?visible=false` makes them invisible to shoppers."""
    article = find(store, request, article_id)
    fields = await bodies.read_object(request)
    side = "invisible" if bodies.flag(request, "visible") is False else "visible"
    article_payload.apply_changes(store, article, {"extra": {side: fields}})
    return article


@router.delete("/articlefields/{article_id}")
async def remove_article_fields(store: StoreDep, request: Request, article_id: int) -> Json:
    article = find(store, request, article_id)
    names = await bodies.read_any(request)
    if not isinstance(names, list):
        raise invalid("The request body must be a list of field names.")
    side = "invisible" if bodies.flag(request, "visible") is False else "visible"
    for name in names:
        article["extra"][side].pop(str(name), None)
    article_payload.touch(store, article)
    return article


@router.get("/articlelists/{list_id}")
async def get_article_list(store: StoreDep, list_id: int) -> Json:
    known = store.article_lists.get(list_id)
    if known is None:
        raise not_found(f"Articlelist {list_id}")
    return known


@router.post("/articlelistoptions/{list_id}")
async def add_list_options(store: StoreDep, request: Request, list_id: int) -> Json:
    """Add options `[{name, price}]` to a list; names already there are kept once."""
    known = store.article_lists.get(list_id)
    if known is None:
        raise not_found(f"Articlelist {list_id}")
    given: Any = await bodies.read_any(request)
    if not isinstance(given, list):
        raise bad_request("The request body must be a list of options.")
    names = {option["name"] for option in known["options"]}
    for option in given:
        name = option.get("name") if isinstance(option, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise invalid("options.name: This value should not be blank.")
        if name not in names:
            price = str(option.get("price") or "0.00")
            known["options"].append({"id": store.new_option_id(), "name": name, "price": price})
            names.add(name)
    return known
