"""``$lookup(map, value)``: the tenant's value maps, set for the record being mapped."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from syncyard_mapper.engine import value_maps
from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.functions.presence import is_missing

# Compiled expressions are shared across tenants (cached per version), so the tenant's maps
# travel beside the evaluation instead of being bound into the expression.
_NONE: Mapping[str, value_maps.ValueMap] = MappingProxyType({})
_CURRENT: ContextVar[Mapping[str, value_maps.ValueMap]] = ContextVar("value_maps", default=_NONE)


@contextmanager
def using(maps: Mapping[str, value_maps.ValueMap]) -> Iterator[None]:
    """Make ``maps`` the ones ``$lookup`` reads while mapping one record."""
    token = _CURRENT.set(maps)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def lookup(name: Any = None, value: Any = None) -> Any:
    """('payment_methods', 'ideal') → the tenant's entry, its default, or a failure."""
    if name not in value_maps.VALUE_MAP_NAMES:
        raise FunctionError(f"there is no value map called {name!r}")
    if is_missing(value):
        return None
    return value_maps.translate(_CURRENT.get().get(str(name)), value)
