"""The function library registered into every mapping expression; ``FUNCTIONS`` lists it."""

from collections.abc import Callable
from typing import Any

from syncyard_mapper.engine.functions import (
    countries,
    dates,
    lookup,
    money,
    presence,
    streets,
    text,
)

FUNCTIONS: dict[str, Callable[..., Any]] = {
    # presence
    "default": presence.default,
    "coalesce": presence.coalesce,
    # streets
    "splitStreet": streets.split_street,
    "joinStreet": streets.join_street,
    # text
    "titleCase": text.title_case,
    "capitalize": text.capitalize,
    "collapseSpaces": text.collapse_spaces,
    "padLeft": text.pad_left,
    "truncate": text.truncate,
    # money
    "money": money.to_money,
    "formatMoney": money.format_money,
    "excludeTax": money.exclude_tax,
    "includeTax": money.include_tax,
    "taxAmount": money.tax_amount,
    # dates
    "toTimeZone": dates.to_time_zone,
    "toUtc": dates.to_utc,
    "formatDate": dates.format_date,
    "parseDate": dates.parse_date,
    # countries
    "countryIso2": countries.country_iso2,
    "countryIso3": countries.country_iso3,
    "countryName": countries.country_name,
    # value maps
    "lookup": lookup.lookup,
}
"""Name (without ``$``) → implementation; the only list of our functions."""
