"""Text beyond JSONata's own $uppercase/$lowercase/$trim/$pad/$substring."""

from typing import Any

from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.functions.presence import is_missing


def _text(value: Any) -> str | None:
    return None if is_missing(value) else " ".join(str(value).split())


def title_case(value: Any = None) -> str | None:
    """'jan de VRIES' → 'Jan De Vries'."""
    text = _text(value)
    return None if text is None else " ".join(word.capitalize() for word in text.split(" "))


def capitalize(value: Any = None) -> str | None:
    """'jan de vries' → 'Jan de vries' (first letter only; the rest is kept)."""
    text = _text(value)
    return None if text is None else text[:1].upper() + text[1:]


def collapse_spaces(value: Any = None) -> str | None:
    """'  Keizersgracht   123 ' → 'Keizersgracht 123'."""
    return _text(value)


def pad_left(value: Any = None, width: Any = None, fill: Any = "0") -> str | None:
    """(42, 6) → '000042': article numbers and codes of a fixed width."""
    if is_missing(value):
        return None
    if not isinstance(width, int | float) or not 0 <= width <= 1000:
        raise FunctionError(f"$padLeft needs a width from 0 to 1000, got {width!r}")
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text.rjust(int(width), str(fill)[:1] or " ")


def truncate(value: Any = None, length: Any = None) -> str | None:
    """('A very long name', 6) → 'A very': fits a target's maximum length."""
    if is_missing(value):
        return None
    if not isinstance(length, int | float) or length < 0:
        raise FunctionError(f"$truncate needs a length of 0 or more, got {length!r}")
    return str(value)[: int(length)].rstrip()
