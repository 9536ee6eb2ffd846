"""Audience members: `/3.0/lists/{list_id}/members[/{subscriber_hash}]`."""

from datetime import datetime

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import bodies, member_payload, paging
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.deps import Simulator, SimulatorDep
from syncyard_sim_mailchimp.problems import MailchimpError, invalid, not_found
from syncyard_sim_mailchimp.store import subscriber_hash

router = APIRouter(prefix="/3.0/lists/{list_id}/members")
SORT_FIELDS = ("timestamp_opt", "timestamp_signup", "last_changed")


def audience(simulator: Simulator, list_id: str) -> dict[str, Json]:
    """The members of `list_id`; 404 for an unknown audience."""
    members = simulator.store.members.get(list_id)
    if members is None:
        raise not_found()
    return members


def public(request: Request, member: Json) -> Json:
    path = f"/lists/{member['list_id']}/members/{member['id']}"
    return {**member, "_links": paging.links(request, path, parent=path.rsplit("/", 1)[0])}


def _moment(request: Request, name: str) -> datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(name, "This value is not a valid datetime.") from None
    if moment.tzinfo is None:
        raise invalid(name, "This value is not a valid datetime.")
    return moment


def _changed(member: Json) -> datetime:
    return datetime.fromisoformat(member["last_changed"])


def save(simulator: Simulator, list_id: str, member: Json, given: Json, *, source: str) -> Json:
    """Apply a change to a stored member (re-keyed on e-mail change) and fire its webhooks."""
    members = audience(simulator, list_id)
    old_id = member["id"]
    events = member_payload.apply(simulator.store, member, given)
    members.pop(old_id, None)
    members[member["id"]] = member
    for event_type, data in events:
        simulator.deliverer.fire(list_id, event_type, data, source=source)
    return member


def create(simulator: Simulator, list_id: str, given: Json, *, status: str, source: str) -> Json:
    """Add a member; a subscribed one fires `subscribe`."""
    members = audience(simulator, list_id)
    member = member_payload.new_member(simulator.store, list_id, given["email_address"], status)
    member_payload.apply(simulator.store, member, {**given, "status": None})
    members[member["id"]] = member
    if status == "subscribed":
        data = member_payload.event_data(member, "subscribed")
        simulator.deliverer.fire(list_id, "subscribe", data, source=source)
    return member


def _check(given: Json, status_field: str) -> str:
    bodies.require(given, "email_address", status_field)
    bodies.check_types(given, {"email_address": str, status_field: str, "vip": bool})
    status = str(given[status_field])
    if status not in member_payload.STATUSES[:-1]:
        raise invalid(status_field, f"Value must be one of {', '.join(member_payload.STATUSES)}")
    if "@" not in given["email_address"]:
        raise MailchimpError(
            400, "Invalid Resource", f"{given['email_address']} looks fake or invalid, please "
            "enter a real email address."
        )  # fmt: skip
    return status


@router.get("")
async def list_members(simulator: SimulatorDep, request: Request, list_id: str) -> Json:
    members = list(audience(simulator, list_id).values())
    status = request.query_params.get("status")
    members = [
        m for m in members if m["status"] == status or (not status and m["status"] != "archived")
    ]
    since, before = _moment(request, "since_last_changed"), _moment(request, "before_last_changed")
    if since is not None:
        members = [m for m in members if _changed(m) > since]
    if before is not None:
        members = [m for m in members if _changed(m) < before]
    sort_field = request.query_params.get("sort_field")
    if sort_field:
        if sort_field not in SORT_FIELDS:
            raise invalid("sort_field", f"Value must be one of {', '.join(SORT_FIELDS)}")
        descending = request.query_params.get("sort_dir", "ASC").upper() == "DESC"
        members.sort(key=lambda m: (m[sort_field], m["web_id"]), reverse=descending)
    shown = [public(request, m) for m in members]
    return paging.answer_list(
        request, f"/lists/{list_id}/members", "members", shown, list_id=list_id
    )


@router.post("")
async def add_member(simulator: SimulatorDep, request: Request, list_id: str) -> Json:
    given = await bodies.read_json(request)
    status = _check(given, "status")
    if subscriber_hash(given["email_address"]) in audience(simulator, list_id):
        raise MailchimpError(
            400, "Member Exists", f"{given['email_address']} is already a list member. "
            "Use PUT to insert or update list members."
        )  # fmt: skip
    member = create(simulator, list_id, given, status=status, source="api")
    return paging.project(request, public(request, member))


@router.get("/{member_hash}")
async def get_member(
    simulator: SimulatorDep, request: Request, list_id: str, member_hash: str
) -> Json:
    member = audience(simulator, list_id).get(member_hash.lower())
    if member is None:
        raise not_found()
    return paging.project(request, public(request, member))


@router.put("/{member_hash}")
async def put_member(
    simulator: SimulatorDep, request: Request, list_id: str, member_hash: str
) -> Json:
    """Upsert: `status_if_new` applies only when the member does not exist yet."""
    given = await bodies.read_json(request)
    member = audience(simulator, list_id).get(member_hash.lower())
    if member is None:
        status = _check(given, "status_if_new")
        if subscriber_hash(given["email_address"]) != member_hash.lower():
            raise invalid("email_address", "The subscriber hash does not match the address.")
        member = create(simulator, list_id, given, status=str(given.get("status") or status),
                        source="api")  # fmt: skip
    else:
        member = save(simulator, list_id, member, given, source="api")
    return paging.project(request, public(request, member))


@router.patch("/{member_hash}")
async def patch_member(
    simulator: SimulatorDep, request: Request, list_id: str, member_hash: str
) -> Json:
    given = await bodies.read_json(request)
    member = audience(simulator, list_id).get(member_hash.lower())
    if member is None:
        raise not_found()
    member = save(simulator, list_id, member, given, source="api")
    return paging.project(request, public(request, member))


@router.delete("/{member_hash}", status_code=204)
async def archive_member(simulator: SimulatorDep, list_id: str, member_hash: str) -> Response:
    """DELETE archives the member (it keeps its history)."""
    member = audience(simulator, list_id).get(member_hash.lower())
    if member is None:
        raise not_found()
    save(simulator, list_id, member, {"status": "archived"}, source="api")
    return Response(status_code=204)
