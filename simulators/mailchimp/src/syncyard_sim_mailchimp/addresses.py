"""Address objects as Mailchimp echoes them: every documented string present, "" when unset."""

from syncyard_sim_mailchimp.bodies import Json, text

CUSTOMER_FIELDS = (
    "address1", "address2", "city", "province", "province_code", "postal_code", "country",
    "country_code",
)  # fmt: skip
STORE_FIELDS = CUSTOMER_FIELDS
ORDER_FIELDS = ("name", *CUSTOMER_FIELDS, "phone", "company")


def address(given: object, names: tuple[str, ...], *, with_position: bool = False) -> Json:
    """Only documented keys; strings default to "", latitude/longitude to 0."""
    chosen = given if isinstance(given, dict) else {}
    shaped: Json = {name: text(chosen.get(name)) for name in names}
    if with_position:
        for name in ("latitude", "longitude"):
            value = chosen.get(name)
            shaped[name] = value if isinstance(value, int | float) else 0
    return shaped
