"""Missing values and fallbacks: ``$default``, ``$coalesce``."""

from typing import Any

from jsonata import utils


def is_missing(value: Any) -> bool:
    """JSONata undefined (None), null, an empty string or an empty list."""
    return value is None or value is utils.Utils.NULL_VALUE or value == "" or value == []


def default(value: Any = None, fallback: Any = None) -> Any:
    """The value, or the fallback when the value is missing, null or empty."""
    if is_missing(value):
        return None if fallback is utils.Utils.NULL_VALUE else fallback
    return value


def coalesce(*values: Any) -> Any:
    """The first value that is not missing."""
    return next((value for value in values if not is_missing(value)), None)
