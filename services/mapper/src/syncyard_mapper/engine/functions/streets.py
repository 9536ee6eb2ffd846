"""Street and house number: one address line ↔ street, number, suffix."""

import re
from typing import Any

from syncyard_mapper.engine.functions.presence import is_missing

# Number after the street ("Keizersgracht 123a", "Plein 1944 12", "Straße 5/2", "Laan 7 bis").
# The greedy street makes the *last* number the house number.
_NUMBER_LAST = re.compile(
    r"^(?P<street>.*\S)\s+(?P<number>\d+)"
    r"(?:\s*[-/]?\s*(?P<suffix>[A-Za-z]{1,4}|[A-Za-z]?\d{1,4}[A-Za-z]?))?$"
)
# Number before the street ("12 Main St", "221B Baker Street", "12, rue de Rivoli").
_NUMBER_FIRST = re.compile(
    r"^(?P<number>\d+)\s*(?P<suffix>[A-Za-z]{1,2})?(?:\s*,\s*|\s+)(?P<street>\D.*)$"
)
_SHORT_LETTERS = re.compile(r"^[A-Za-z]{1,2}$")


def split_street(line: Any = None) -> dict[str, str | None] | None:
    """'Keizersgracht 123a' → {street: 'Keizersgracht', house_number: '123', suffix: 'a'}."""
    if is_missing(line):
        return None
    text = " ".join(str(line).split())
    for pattern in (_NUMBER_LAST, _NUMBER_FIRST):
        match = pattern.match(text)
        if match:
            return {
                "street": match["street"].strip(" ,"),
                "house_number": match["number"],
                "suffix": match["suffix"] or None,
            }
    return {"street": text, "house_number": None, "suffix": None}


def join_street(street: Any = None, house_number: Any = None, suffix: Any = None) -> str | None:
    """('Keizersgracht', '123', 'a') → 'Keizersgracht 123a'; digit suffixes get a hyphen."""
    number = "" if is_missing(house_number) else str(house_number).strip()
    if number and not is_missing(suffix):
        text = str(suffix).strip()
        if _SHORT_LETTERS.match(text):
            number += text
        elif text.isdigit():
            number += f"-{text}"
        else:
            number += f" {text}"
    parts = [part for part in ("" if is_missing(street) else str(street).strip(), number) if part]
    return " ".join(parts) or None
