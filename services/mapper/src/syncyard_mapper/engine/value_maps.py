"""Value maps (payment methods, tax codes per country, ...) as the engine sees them: pure data."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

VALUE_MAP_NAMES = frozenset(
    {
        "payment_methods",
        "payment_terms",
        "shipping_methods",
        "order_statuses",
        "tax_codes",
        "revenue_accounts",
    }
)
"""The maps a tenant can keep; ``tax_codes`` and ``revenue_accounts`` are keyed by ISO2 country."""

PER_COUNTRY = frozenset({"tax_codes", "revenue_accounts"})


class OnUnmapped(StrEnum):
    USE_DEFAULT = "use_default"
    FAIL = "fail"


@dataclass(frozen=True)
class ValueMap:
    name: str
    entries: Mapping[str, Any] = field(default_factory=dict)
    default: Any = None
    on_unmapped: OnUnmapped = OnUnmapped.USE_DEFAULT


class UnmappedValue(Exception):
    """A value the tenant's map has no entry for, with ``on_unmapped: fail``."""

    def __init__(self, map_name: str, value: Any) -> None:
        super().__init__(f"value {value!r} has no entry in value map {map_name!r}")
        self.map_name = map_name
        self.value = value


def translate(value_map: ValueMap | None, value: Any) -> Any:
    """The mapped value; no map at all passes the value through unchanged."""
    if value_map is None:
        return value
    key = str(value).upper() if value_map.name in PER_COUNTRY else str(value)
    if key in value_map.entries:
        return value_map.entries[key]
    if value_map.on_unmapped is OnUnmapped.FAIL:
        raise UnmappedValue(value_map.name, value)
    return value_map.default
