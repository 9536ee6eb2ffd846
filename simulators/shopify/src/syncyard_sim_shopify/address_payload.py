"""Mailing address JSON (order billing/shipping and customer addresses)."""

from typing import Any

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address1",
    "address2",
    "city",
    "province",
    "province_code",
    "zip",
    "country",
    "country_code",
    "phone",
)

COUNTRY_NAMES = {"NL": "Netherlands", "BE": "Belgium", "DE": "Germany", "US": "United States"}


def build_address(given: dict[str, Any]) -> dict[str, Any]:
    """Full REST address: every field present (null when unknown), `name` derived."""
    address: dict[str, Any] = {key: given.get(key) for key in ADDRESS_FIELDS}
    code = address["country_code"]
    if code and not address["country"]:
        address["country"] = COUNTRY_NAMES.get(str(code).upper(), code)
    names = [address["first_name"], address["last_name"]]
    address["name"] = " ".join(str(n) for n in names if n) or None
    address["latitude"] = given.get("latitude")
    address["longitude"] = given.get("longitude")
    return address
