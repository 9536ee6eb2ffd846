"""Text limits BigCommerce enforces, from the `maxLength` of its specs
(shared/specs/bigcommerce/customers.v3.yml and catalog/*.yml); 422 `error.maxLength` beyond."""

from syncyard_sim_bigcommerce.store import Json

# customer_Post (customer_Put allows a 255-character e-mail; the create limit is the stricter)
CUSTOMER = {"email": 250, "first_name": 100, "last_name": 100, "company": 255, "phone": 50}
CUSTOMER_UPDATE = CUSTOMER | {"email": 255}
# address_Post / address_Put / customerAddresses_CustomerPost
ADDRESS = {"first_name": 255, "last_name": 255, "company": 255, "city": 100,
           "state_or_province": 100, "postal_code": 30, "country_code": 2, "phone": 50}  # fmt: skip
# productVariant_Base (also on the product, whose base variant carries them)
PRODUCT = {"upc": 14, "gtin": 14, "bin_picking_number": 255}
# productCustomField_Base
CUSTOM_FIELD = {"name": 250, "value": 250}
# category_Full
CATEGORY = {"name": 50, "page_title": 255, "search_keywords": 255, "layout_file": 500}


def too_long(given: Json, limits: dict[str, int], prefix: str = "") -> dict[str, str]:
    """`{prefix + field: "error.maxLength"}` for every text in `given` over its limit."""
    return {
        f"{prefix}{name}": "error.maxLength"
        for name, limit in limits.items()
        if isinstance(given.get(name), str) and len(given[name]) > limit
    }
