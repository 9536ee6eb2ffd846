"""Building and validating v3 customers and their addresses."""

from syncyard_sim_bigcommerce import limits
from syncyard_sim_bigcommerce.clock import v3_date
from syncyard_sim_bigcommerce.errors import invalid
from syncyard_sim_bigcommerce.store import Json, Store, public

FIELDS = {"email": "", "first_name": "", "last_name": "", "company": "", "phone": "",
          "notes": "", "tax_exempt_category": "", "customer_group_id": 0,
          "registration_ip_address": "", "accepts_product_review_abandoned_cart_emails": False,
          "origin_channel_id": 1, "channel_ids": [1]}  # fmt: skip
ADDRESS_FIELDS = {"first_name": "", "last_name": "", "company": "", "address1": "",
                  "address2": "", "city": "", "state_or_province": "", "postal_code": "",
                  "country_code": "", "phone": "", "address_type": "residential"}  # fmt: skip
ADDRESS_REQUIRED = ("first_name", "last_name", "address1", "city", "country_code")
COUNTRIES = {"NL": "Netherlands", "BE": "Belgium", "DE": "Germany", "FR": "France",
             "GB": "United Kingdom", "US": "United States"}  # fmt: skip


def _email_taken(store: Store, email: str, own: int | None) -> bool:
    wanted = email.strip().lower()
    return any(c["email"].lower() == wanted and c["id"] != own for c in store.customers.values())


def validate_customer(store: Store, given: Json, index: int, *, own: int | None = None) -> None:
    """422 (keyed `{index}.{field}`) for missing fields, bad addresses or a taken e-mail."""
    errors: dict[str, str] = {}
    required = ("email", "first_name", "last_name") if own is None else ()
    for name in required:
        if not str(given.get(name) or "").strip():
            errors[f"{index}.{name}"] = "error.path.missing"
    email = given.get("email")
    if isinstance(email, str) and email and "@" not in email:
        errors[f"{index}.email"] = "error.email.invalid"
    elif isinstance(email, str) and email and _email_taken(store, email, own):
        errors[f"{index}.email"] = f"The email address {email} is already in use."
    errors |= limits.too_long(
        given, limits.CUSTOMER if own is None else limits.CUSTOMER_UPDATE, f"{index}."
    )
    for position, address in enumerate(given.get("addresses") or []):
        for name in ADDRESS_REQUIRED:
            if not str(address.get(name) or "").strip():
                errors[f"{index}.addresses.{position}.{name}"] = "error.path.missing"
        errors |= limits.too_long(address, limits.ADDRESS, f"{index}.addresses.{position}.")
    if errors:
        raise invalid(errors, title="Error creating or updating customers")


def build_customer(store: Store, given: Json) -> Json:
    """A new customer with its addresses."""
    now = store.clock.now()
    customer_id = store.new_id("customer")
    customer: Json = {"id": customer_id} | {k: given.get(k, v) for k, v in FIELDS.items()}
    customer["email"] = customer["email"].strip().lower()
    customer |= {
        "date_created": v3_date(now), "date_modified": v3_date(now),
        "authentication": {"force_password_reset": False},
        "store_credit_amounts": [{"amount": 0}], "attribute_count": 0,
        "_created": now, "_modified": now, "_addresses": [],
    }  # fmt: skip
    for address in given.get("addresses") or []:
        add_address(store, customer, address)
    return customer


def add_address(store: Store, customer: Json, given: Json) -> Json:
    """Append an address to the customer."""
    address: Json = {"id": store.new_id("address"), "customer_id": customer["id"]}
    address |= {k: given.get(k, v) for k, v in ADDRESS_FIELDS.items()}
    address["country"] = COUNTRIES.get(str(address["country_code"]).upper(), "")
    customer["_addresses"].append(address)
    return address


def update_address(address: Json, given: Json) -> None:
    """Overwrite the address fields `given` names."""
    for key in ADDRESS_FIELDS:
        if key in given:
            address[key] = given[key]
    address["country"] = COUNTRIES.get(str(address["country_code"]).upper(), "")


def update_customer(store: Store, customer: Json, given: Json) -> None:
    """Overwrite the customer fields `given` names (addresses have their own endpoint)."""
    for key in FIELDS:
        if key in given:
            customer[key] = given[key]
    customer["email"] = customer["email"].strip().lower()
    touch(store, customer)


def touch(store: Store, customer: Json) -> None:
    """Bump `date_modified`."""
    now = store.clock.now()
    customer["date_modified"], customer["_modified"] = v3_date(now), now


def shape_customer(customer: Json, include: set[str]) -> Json:
    """The customer as listed; `addresses` only with `include=addresses`."""
    out = public(customer) | {"address_count": len(customer["_addresses"])}
    if "addresses" in include:
        out["addresses"] = [dict(a) for a in customer["_addresses"]]
    return out
