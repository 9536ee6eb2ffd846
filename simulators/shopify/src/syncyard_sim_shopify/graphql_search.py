"""Shopify's search syntax for the `query:` argument, as far as variant look-ups need it.

`sku:ABC-1 OR sku:"ABC 2"` — terms are AND-ed by whitespace and OR-ed by the keyword `OR`;
values may be double-quoted (backslash escapes). Fields: `sku`, `barcode`, `product_id`,
`id` (exact), `title` (case-insensitive contains); a bare word matches title or SKU.
Parentheses and negation are not simulated."""

import re
from collections.abc import Callable

from syncyard_sim_shopify.store import Json

# A term is field:"quoted value", field:value, or a bare word.
_TERM = re.compile(r'(?:(\w+):)?(?:"((?:[^"\\]|\\.)*)"|(\S+))')
_ESCAPE = re.compile(r"\\(.)")

Matcher = Callable[[Json, Json], bool]  # (variant, product) -> does it match?


def _matcher(field: str | None, value: str) -> Matcher:
    """One term's test; an unknown field matches nothing (Shopify ignores such filters
    differently per resource; failing loudly in tests is more useful here)."""
    if field == "sku":
        return lambda variant, _product: variant["sku"] == value
    if field == "barcode":
        return lambda variant, _product: variant.get("barcode") == value
    if field == "product_id":
        return lambda _variant, product: str(product["id"]) == value
    if field == "id":
        return lambda variant, _product: str(variant["id"]) == value
    if field == "title":
        return lambda _variant, product: value.lower() in product["title"].lower()
    if field is None:
        word = value.lower()
        return lambda variant, product: (
            word in product["title"].lower() or word in str(variant["sku"]).lower()
        )
    return lambda _variant, _product: False


def parse_query(query: str | None) -> Matcher:
    """A predicate for ``query``; None or blank matches every variant."""
    if not query or not query.strip():
        return lambda _variant, _product: True
    groups: list[list[Matcher]] = [[]]
    for match in _TERM.finditer(query):
        field, quoted, bare = match.group(1), match.group(2), match.group(3)
        if field is None and quoted is None and bare == "OR":
            groups.append([])
            continue
        value = _ESCAPE.sub(r"\1", quoted) if quoted is not None else bare or ""
        groups[-1].append(_matcher(field.lower() if field else None, value))
    alternatives = [group for group in groups if group]

    def matches(variant: Json, product: Json) -> bool:
        return any(all(term(variant, product) for term in group) for group in alternatives)

    return matches
