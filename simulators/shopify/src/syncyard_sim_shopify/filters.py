"""List filters shared by orders, products and customers (ids, since_id, *_at_min/max)."""

from datetime import UTC, datetime

from syncyard_sim_shopify.errors import ShopifyError
from syncyard_sim_shopify.store import Json

TIME_FILTERS = {
    "created_at_min": ("created_at", True),
    "created_at_max": ("created_at", False),
    "updated_at_min": ("updated_at", True),
    "updated_at_max": ("updated_at", False),
    "processed_at_min": ("processed_at", True),
    "processed_at_max": ("processed_at", False),
}


def parse_time(name: str, value: str) -> datetime:
    """ISO 8601 with offset (a naive value is read as UTC); 400 when unparsable."""
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise ShopifyError(400, {name: "Invalid value."}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def parse_ids(name: str, value: str) -> set[int]:
    """Comma-separated integer ids; 400 when one is not a number."""
    try:
        return {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise ShopifyError(400, {name: "Invalid value."}) from None


def apply_common(items: list[Json], filters: dict[str, str]) -> list[Json]:
    """Keep the items matching `ids`, `since_id` and the time window filters."""
    if "ids" in filters:
        wanted = parse_ids("ids", filters["ids"])
        items = [i for i in items if i["id"] in wanted]
    if "since_id" in filters:
        since = parse_ids("since_id", filters["since_id"])
        items = [i for i in items if i["id"] > max(since, default=0)]
    for name, (field, is_min) in TIME_FILTERS.items():
        if name not in filters:
            continue
        bound = parse_time(name, filters[name])
        items = [
            i
            for i in items
            if i.get(field)
            and (
                datetime.fromisoformat(i[field]) >= bound
                if is_min
                else datetime.fromisoformat(i[field]) <= bound
            )
        ]
    return items
