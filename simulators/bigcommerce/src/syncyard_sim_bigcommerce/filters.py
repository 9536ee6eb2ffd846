"""Query filters shared by the list endpoints: ids, `:in` lists, date windows, sorting."""

from collections.abc import Callable
from datetime import datetime, time

from fastapi import Request

from syncyard_sim_bigcommerce.bodies import ids_param
from syncyard_sim_bigcommerce.clock import parse_moment
from syncyard_sim_bigcommerce.errors import ApiError
from syncyard_sim_bigcommerce.store import Json

Moment = Callable[[Json], datetime]


def date_bound(request: Request, name: str, now: datetime) -> datetime | None:
    """The date filter `name`, or None; a bare date gets the current time of day appended,
    as BigCommerce does (so `2025-01-15` means "today's time on that day")."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        day = parse_moment(value)
        if day is not None:
            return datetime.combine(day.date(), time(now.hour, now.minute, now.second), now.tzinfo)
    moment = parse_moment(value)
    if moment is None:
        raise ApiError(400, f"The {name} parameter is not a valid date.")
    return moment


def in_window(
    items: list[Json], request: Request, now: datetime, *, lower: str, upper: str, moment: Moment
) -> list[Json]:
    """Keep items whose moment is ≥ the `lower` filter and ≤ the `upper` filter."""
    low, high = date_bound(request, lower, now), date_bound(request, upper, now)
    if low is not None:
        items = [i for i in items if moment(i) >= low]
    if high is not None:
        items = [i for i in items if moment(i) <= high]
    return items


def by_ids(items: list[Json], request: Request, key: str = "id", name: str = "id") -> list[Json]:
    """`id`, `id:in`, `id:min`, `id:max`, `id:greater`, `id:less` on the field `key`."""
    params = request.query_params
    for suffix in ("", ":in"):
        wanted = ids_param(params.get(f"{name}{suffix}"), f"{name}{suffix}")
        if wanted is not None:
            items = [i for i in items if i.get(key) in wanted]
    bounds: dict[str, Callable[[int, int], bool]] = {
        ":min": lambda v, b: v >= b,
        ":max": lambda v, b: v <= b,
        ":greater": lambda v, b: v > b,
        ":less": lambda v, b: v < b,
    }
    for suffix, keep in bounds.items():
        raw = params.get(f"{name}{suffix}")
        if raw is not None:
            bound = min(ids_param(raw, f"{name}{suffix}") or {0})
            items = [i for i in items if keep(i.get(key) or 0, bound)]
    return items


def sort_items(items: list[Json], field: str, *, descending: bool, moment: Moment) -> list[Json]:
    """Sort by `field` (dates by their moment), ties by id, like a database's stable order."""
    if field == "date_modified":
        return sorted(items, key=lambda i: (moment(i), i["id"]), reverse=descending)
    if field == "date_created":
        return sorted(items, key=lambda i: (i["_created"], i["id"]), reverse=descending)
    if all(isinstance(i.get(field), int | float) for i in items):
        return sorted(items, key=lambda i: (i[field], i["id"]), reverse=descending)
    return sorted(items, key=lambda i: (str(i.get(field) or ""), i["id"]), reverse=descending)


def modified(record: Json) -> datetime:
    """The record's private modification moment."""
    moment: datetime = record["_modified"]
    return moment
