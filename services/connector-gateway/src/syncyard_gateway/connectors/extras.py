"""A vendor's own product fields outside the canonical model, passed through by name.

A connector lists its fields in ``Capabilities.product_extras``; reading puts those the
vendor's record holds into ``Product.extras`` under the vendor's field name, writing sends
those a mapping set (``extras.<name>``). Names the target has no field for are never sent."""

from collections.abc import Mapping
from typing import Any

from syncyard_common.canonical import Product


def read(raw: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    """The listed fields the vendor's record holds, empty ones too: a product read back from
    a target shows every field of its own, so an update compares only those."""
    return {name: raw[name] for name in sorted(names) if name in raw}


def written(
    product: Product, names: frozenset[str], fields: frozenset[str] | None
) -> dict[str, Any]:
    """The extras to send: those the target has a field for, when extras are written at all."""
    if fields is not None and "extras" not in fields:
        return {}
    return {name: value for name, value in product.extras.items() if name in names}
