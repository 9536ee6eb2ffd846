"""Audience webhooks: `/3.0/lists/{list_id}/webhooks[/{webhook_id}]`; create validates by GET."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import bodies, paging
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.delivery import EVENTS
from syncyard_sim_mailchimp.deps import Simulator, SimulatorDep
from syncyard_sim_mailchimp.members import audience
from syncyard_sim_mailchimp.problems import invalid, not_found

router = APIRouter(prefix="/3.0/lists/{list_id}/webhooks")
SOURCES = ("user", "admin", "api")
# Without `sources`, user and admin changes are sent; API changes only when asked for.
DEFAULT_SOURCES = {"user": True, "admin": True, "api": False}
UNVERIFIED = "We couldn't verify the URL is working. Please double check and try again."


def public(request: Request, webhook: Json) -> Json:
    shown = {k: v for k, v in webhook.items() if not k.startswith("_")}
    path = f"/lists/{webhook['list_id']}/webhooks/{webhook['id']}"
    return {**shown, "_links": paging.links(request, path, parent=path.rsplit("/", 1)[0])}


def _flags(given: object, names: tuple[str, ...], defaults: dict[str, bool]) -> dict[str, bool]:
    chosen = given if isinstance(given, dict) else {}
    return {name: bool(chosen.get(name, defaults.get(name, False))) for name in names}


async def subscribe(simulator: Simulator, list_id: str, given: Json) -> Json:
    """Validate the URL with a GET (must answer 200), then store the webhook."""
    audience(simulator, list_id)
    bodies.require(given, "url")
    bodies.check_types(given, {"url": str})
    if not await simulator.deliverer.validate(given["url"]):
        raise invalid("url", UNVERIFIED)
    webhook = {
        "id": simulator.store.new_id(10),
        "url": given["url"],
        "events": _flags(given.get("events"), EVENTS, dict.fromkeys(EVENTS[:5], True)),
        "sources": _flags(given.get("sources"), SOURCES, DEFAULT_SOURCES),
        "list_id": list_id,
    }
    simulator.store.webhooks[webhook["id"]] = webhook
    return webhook


def _find(simulator: Simulator, list_id: str, webhook_id: str) -> Json:
    webhook = simulator.store.webhooks.get(webhook_id)
    if webhook is None or webhook["list_id"] != list_id:
        raise not_found()
    return webhook


@router.get("")
async def list_webhooks(simulator: SimulatorDep, request: Request, list_id: str) -> Json:
    audience(simulator, list_id)
    found = [
        public(request, w) for w in simulator.store.webhooks.values() if w["list_id"] == list_id
    ]
    body = {"webhooks": found, "list_id": list_id, "total_items": len(found)}
    body["_links"] = paging.links(request, f"/lists/{list_id}/webhooks")
    return paging.project(request, body)


@router.post("")
async def add_webhook(simulator: SimulatorDep, request: Request, list_id: str) -> Json:
    webhook = await subscribe(simulator, list_id, await bodies.read_json(request))
    return public(request, webhook)


@router.get("/{webhook_id}")
async def get_webhook(
    simulator: SimulatorDep, request: Request, list_id: str, webhook_id: str
) -> Json:
    return paging.project(request, public(request, _find(simulator, list_id, webhook_id)))


@router.patch("/{webhook_id}")
async def patch_webhook(
    simulator: SimulatorDep, request: Request, list_id: str, webhook_id: str
) -> Json:
    webhook = _find(simulator, list_id, webhook_id)
    given = await bodies.read_json(request)
    if given.get("url") and given["url"] != webhook["url"]:
        if not await simulator.deliverer.validate(given["url"]):
            raise invalid("url", UNVERIFIED)
        webhook["url"] = given["url"]
    for name, names in (("events", EVENTS), ("sources", SOURCES)):
        if isinstance(given.get(name), dict):
            webhook[name] = _flags(given[name], names, webhook[name])
    return public(request, webhook)


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(simulator: SimulatorDep, list_id: str, webhook_id: str) -> Response:
    _find(simulator, list_id, webhook_id)
    del simulator.store.webhooks[webhook_id]
    return Response(status_code=204)
