"""Country codes: ISO 3166-1 alpha-2, alpha-3 and names, from pycountry (kept up to date)."""

from functools import cache
from typing import Any

import pycountry

from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.functions.presence import is_missing

# Names merchants' systems send that the ISO list spells otherwise.
_COMMON_NAMES = {
    "holland": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "belgie": "BE",
    "belgië": "BE",
    "deutschland": "DE",
    "duitsland": "DE",
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "usa": "US",
    "frankrijk": "FR",
}


@cache
def _country(text: str) -> Any:
    alias = _COMMON_NAMES.get(text.lower())
    try:
        return pycountry.countries.lookup(alias or text)
    except LookupError:
        raise FunctionError(f"unknown country {text!r}") from None


def _find(value: Any) -> Any:
    return None if is_missing(value) else _country(" ".join(str(value).split()))


def country_iso2(value: Any = None) -> str | None:
    """'NLD', 'Netherlands' or 'nl' → 'NL'."""
    found = _find(value)
    return None if found is None else str(found.alpha_2)


def country_iso3(value: Any = None) -> str | None:
    """'NL' → 'NLD'."""
    found = _find(value)
    return None if found is None else str(found.alpha_3)


def country_name(value: Any = None) -> str | None:
    """'NL' → 'Netherlands' (the common name where ISO has one, e.g. 'Netherlands' for NL)."""
    found = _find(value)
    if found is None:
        return None
    return str(getattr(found, "common_name", None) or found.name)
