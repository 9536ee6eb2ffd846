"""Customer JSON and its validation."""

import re
from typing import Any

from syncyard_sim_shopify.address_payload import build_address
from syncyard_sim_shopify.errors import unprocessable
from syncyard_sim_shopify.store import Json, Store

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_taken(store: Store, email: str, *, except_id: int | None = None) -> bool:
    """Whether another customer already uses this e-mail (case-insensitive)."""
    wanted = email.lower()
    return any(
        (c["email"] or "").lower() == wanted and c["id"] != except_id
        for c in store.customers.values()
    )


def validate_customer(store: Store, given: Json, *, except_id: int | None = None) -> None:
    """422 on a bad or duplicate e-mail; Shopify's messages."""
    email = given.get("email")
    if email is None:
        return
    if not isinstance(email, str) or not EMAIL.match(email):
        raise unprocessable({"email": ["is invalid"]})
    if email_taken(store, email, except_id=except_id):
        raise unprocessable({"email": ["has already been taken"]})


def _addresses(store: Store, customer_id: int, given: list[Any]) -> list[Json]:
    addresses = []
    for index, raw in enumerate(given):
        address = build_address(raw)
        address.pop("latitude")
        address.pop("longitude")
        address["country_name"] = address["country"]
        address |= {"id": store.new_id(), "customer_id": customer_id, "default": index == 0}
        addresses.append(address)
    return addresses


def build_customer(store: Store, given: Json) -> Json:
    """New customer from REST/compact input, all fields present."""
    now = store.timestamp()
    customer_id = store.new_id()
    addresses = _addresses(store, customer_id, list(given.get("addresses") or []))
    customer: Json = {
        "id": customer_id,
        "email": given.get("email"),
        "created_at": now,
        "updated_at": now,
        "first_name": given.get("first_name"),
        "last_name": given.get("last_name"),
        "state": "disabled",
        "note": given.get("note"),
        "verified_email": bool(given.get("verified_email", True)),
        "multipass_identifier": None,
        "tax_exempt": bool(given.get("tax_exempt", False)),
        "tags": given.get("tags") or "",
        "currency": store.settings.currency,
        "phone": given.get("phone"),
        "addresses": addresses,
        "tax_exemptions": [],
        "email_marketing_consent": _consent(given, now),
        "sms_marketing_consent": None,
        "admin_graphql_api_id": store.gid("Customer", customer_id),
        "default_address": addresses[0] if addresses else None,
    }
    return customer


def _consent(given: Json, now: str) -> Json | None:
    if not given.get("email"):
        return None
    consent = given.get("email_marketing_consent") or {}
    return {
        "state": consent.get("state", "not_subscribed"),
        "opt_in_level": consent.get("opt_in_level", "single_opt_in"),
        "consent_updated_at": consent.get("consent_updated_at", now),
    }


def update_customer(store: Store, customer: Json, given: Json) -> None:
    """Apply a PUT body: plain fields overwrite; `addresses` replaces the address list."""
    for key in ("email", "first_name", "last_name", "note", "phone", "tags", "tax_exempt"):
        if key in given:
            customer[key] = given[key]
    if "addresses" in given:
        customer["addresses"] = _addresses(store, customer["id"], list(given["addresses"]))
        customer["default_address"] = customer["addresses"][0] if customer["addresses"] else None
    if "email_marketing_consent" in given:
        customer["email_marketing_consent"] = _consent(customer | given, store.timestamp())
    customer["updated_at"] = store.timestamp()


def order_customer(customer: Json) -> Json:
    """The customer object embedded in an order (no address list)."""
    embedded = {k: v for k, v in customer.items() if k != "addresses"}
    return embedded
