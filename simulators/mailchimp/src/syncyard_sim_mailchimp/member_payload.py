"""The member record Mailchimp answers with, and the webhook events a change fires."""

from typing import Any

from syncyard_sim_mailchimp.bodies import Json, text
from syncyard_sim_mailchimp.store import Store, subscriber_hash

STATUSES = ("subscribed", "unsubscribed", "cleaned", "pending", "transactional", "archived")
DEFAULT_MERGE_FIELDS = ("FNAME", "LNAME", "ADDRESS", "PHONE")


def new_member(store: Store, list_id: str, email: str, status: str) -> Json:
    """A fresh member with Mailchimp's defaults ("" for unset strings)."""
    return {
        "id": subscriber_hash(email),
        "email_address": email,
        "unique_email_id": store.new_id(10),
        "contact_id": store.new_id(32),
        "full_name": "",
        "web_id": store.serial(),
        "email_type": "html",
        "status": status,
        "unsubscribe_reason": "",
        "consents_to_one_to_one_messaging": True,
        "merge_fields": dict.fromkeys(DEFAULT_MERGE_FIELDS, ""),
        "interests": {},
        "stats": {"avg_open_rate": 0, "avg_click_rate": 0},
        "ip_signup": "",
        "timestamp_signup": "",
        "ip_opt": "",
        "timestamp_opt": store.timestamp() if status == "subscribed" else "",
        "member_rating": 2,
        "last_changed": store.timestamp(),
        "language": "",
        "vip": False,
        "email_client": "",
        "location": {
            "latitude": 0,
            "longitude": 0,
            "gmtoff": 0,
            "dstoff": 0,
            "country_code": "",
            "timezone": "",
            "region": "",
        },
        "source": "API - Generic",
        "tags_count": 0,
        "tags": [],
        "list_id": list_id,
    }


def apply(store: Store, member: Json, given: Json) -> list[tuple[str, list[tuple[str, str]]]]:
    """Write `given` onto `member`; return the webhook events (type, data) it causes."""
    events: list[tuple[str, list[tuple[str, str]]]] = []
    old_email = member["email_address"]
    new_email = given.get("email_address")
    if new_email and new_email.lower() != old_email.lower():
        member["email_address"] = new_email
        member["id"] = subscriber_hash(new_email)
        member["unique_email_id"] = store.new_id(10)
        events.append(("upemail", upemail_data(member, old_email)))
    merges = given.get("merge_fields")
    profile_changed = False
    if isinstance(merges, dict):
        before = dict(member["merge_fields"])
        member["merge_fields"].update({k: v for k, v in merges.items() if v is not None})
        profile_changed = before != member["merge_fields"]
    for name in ("email_type", "language", "vip"):
        if name in given and given[name] is not None:
            member[name] = given[name]
    status = given.get("status")
    if status and status != member["status"]:
        member["status"] = status
        if status == "subscribed":
            member["timestamp_opt"] = store.timestamp()
        if status in ("subscribed", "unsubscribed", "cleaned"):
            events.append((_event_for(status), event_data(member, status)))
    elif profile_changed:
        events.append(("profile", event_data(member, "profile")))
    fname, lname = member["merge_fields"].get("FNAME"), member["merge_fields"].get("LNAME")
    member["full_name"] = " ".join(text(p) for p in (fname, lname) if p)
    member["last_changed"] = store.timestamp()
    return events


def _event_for(status: str) -> str:
    return {"subscribed": "subscribe", "unsubscribed": "unsubscribe"}.get(status, status)


def _merges(member: Json) -> list[tuple[str, str]]:
    pairs = [("merges][EMAIL", member["email_address"])]
    for tag, value in member["merge_fields"].items():
        pairs.append((f"merges][{tag}", _flat(value)))
    return pairs


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(text(v) for v in value.values() if v)
    return text(value)


def event_data(member: Json, kind: str) -> list[tuple[str, str]]:
    """data[...] pairs of subscribe / unsubscribe / profile / cleaned, in Mailchimp's order."""
    if kind == "cleaned":
        return [
            ("list_id", member["list_id"]),
            ("campaign_id", ""),
            ("reason", "hard"),
            ("email", member["email_address"]),
        ]
    data = [
        ("id", member["unique_email_id"]),
        ("email", member["email_address"]),
        ("email_type", member["email_type"]),
        *_merges(member),
        ("ip_opt", member["ip_opt"]),
        ("ip_signup", member["ip_signup"]),
        ("web_id", str(member["web_id"])),
    ]
    if kind == "unsubscribed":
        data += [("action", "unsub"), ("reason", "manual"), ("campaign_id", "")]
    return [*data, ("list_id", member["list_id"])]


def upemail_data(member: Json, old_email: str) -> list[tuple[str, str]]:
    return [
        ("list_id", member["list_id"]),
        ("new_id", member["unique_email_id"]),
        ("new_email", member["email_address"]),
        ("old_email", old_email),
    ]
