"""Fast paths for the shapes default mappings are made of, evaluated without JSONata.

``customer.email``, ``$default(email, customer.email)``, ``$splitStreet(line1).street`` and
``lines.{"sku": sku, ...}`` are planned at compile time into small Python closures, about a
hundred times cheaper than a JSONata evaluation. Whenever a plan meets something it cannot
answer exactly as JSONata would (a list where it walks, a non-string for ``$uppercase``) it
returns ``FALL_BACK`` and the real evaluation runs, so results never differ.
"""

from collections.abc import Callable
from typing import Any

from syncyard_mapper.engine import functions

FALL_BACK: Any = object()
ABSENT: Any = object()
"""JSONata's *undefined* inside a plan (a missing key); None is a JSON null, kept in objects."""
Plan = Callable[[Any], Any]


def _upper(value: Any = None) -> Any:
    return value.upper() if isinstance(value, str) else (None if value is None else FALL_BACK)


def _lower(value: Any = None) -> Any:
    return value.lower() if isinstance(value, str) else (None if value is None else FALL_BACK)


_CALLABLE: dict[str, Callable[..., Any]] = {
    **functions.FUNCTIONS,
    "uppercase": _upper,
    "lowercase": _lower,
}


def _walk(current: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if current is None or current is ABSENT:
            return ABSENT
        if not isinstance(current, dict):
            return FALL_BACK if isinstance(current, list) else ABSENT
        current = current.get(name, ABSENT)
    return FALL_BACK if isinstance(current, list) else current


def _is_plain_step(step: Any) -> bool:
    return (
        getattr(step, "type", None) == "name"
        and not step.stages
        and getattr(step, "group", None) is None
        and not getattr(step, "keep_array", False)
        and not getattr(step, "tuple", None)
    )


def _call(node: Any, defined: set[str]) -> Plan | None:
    name = str(getattr(node.procedure, "value", ""))
    function = _CALLABLE.get(name)
    if node.type != "function" or function is None or name in defined:
        return None
    arguments = [_inner(argument, defined) for argument in node.arguments or []]
    if any(argument is None for argument in arguments):
        return None
    ready: list[Plan] = [argument for argument in arguments if argument is not None]

    def run(context: Any) -> Any:
        values = [argument(context) for argument in ready]
        if any(value is FALL_BACK for value in values):
            return FALL_BACK
        result = function(*(None if value is ABSENT else value for value in values))
        if result is None:
            return ABSENT  # a function's None is JSONata's undefined
        return FALL_BACK if isinstance(result, list) else result

    return run


def _projection(names: tuple[str, ...], node: Any, defined: set[str]) -> Plan | None:
    """``lines.{"sku": sku, ...}`` with literal keys and planned values."""
    pairs = node.lhs_object or []
    if any(getattr(key, "type", None) != "string" for key, _ in pairs):
        return None
    values = [(str(key.value), _inner(value, defined)) for key, value in pairs]
    if any(value is None for _, value in values):
        return None
    ready: list[tuple[str, Plan]] = [(key, value) for key, value in values if value is not None]

    def run(context: Any) -> Any:
        items = context
        for name in names:
            if isinstance(items, list):
                return FALL_BACK  # JSONata would map over it; leave that to JSONata
            items = items.get(name) if isinstance(items, dict) else None
        if items is None:
            return ABSENT
        built: list[dict[str, Any]] = []
        for item in items if isinstance(items, list) else [items]:
            if not isinstance(item, dict):
                return FALL_BACK
            made: dict[str, Any] = {}
            for key, value_plan in ready:
                value = value_plan(item)
                if value is FALL_BACK:
                    return FALL_BACK
                if value is not ABSENT:
                    made[key] = value
            built.append(made)
        # JSONata's sequences: none is undefined, one is the item itself.
        return ABSENT if not built else (built[0] if len(built) == 1 else built)

    return run


def _path(node: Any, defined: set[str]) -> Plan | None:
    steps = list(node.steps or [])
    if getattr(node, "group", None) is not None or not steps:
        return None
    head: Plan | None = None
    if getattr(steps[0], "type", None) == "function":
        head = _call(steps[0], defined)
        if head is None:
            return None
        steps = steps[1:]
    last: Any = steps[-1] if steps else None
    if head is None and getattr(last, "type", None) == "unary" and last.value == "{":
        if not all(_is_plain_step(step) for step in steps[:-1]) or last.stages:
            return None
        return _projection(tuple(str(s.value) for s in steps[:-1]), last, defined)
    if not all(_is_plain_step(step) for step in steps):
        return None
    names = tuple(str(step.value) for step in steps)
    if head is None:
        return lambda context: _walk(context, names)
    start = head

    def run(context: Any) -> Any:
        found = start(context)
        return found if found is FALL_BACK else _walk(found, names)

    return run


def _inner(node: Any, defined: set[str]) -> Plan | None:
    kind = getattr(node, "type", None)
    if kind in ("string", "number"):
        literal = node.value
        return lambda _context: literal
    if kind == "path":
        return _path(node, defined)
    if kind == "function":
        return _call(node, defined)
    return None


def plan(node: Any, defined: set[str] = frozenset()) -> Plan | None:  # type: ignore[assignment]
    """A Python closure for the expression, or None when it is not one of the fast shapes.

    The closure returns the value (None for undefined) or ``FALL_BACK``.
    """
    inner = _inner(node, defined)
    if inner is None:
        return None
    ready: Plan = inner

    def run(context: Any) -> Any:
        found = ready(context)
        return None if found is ABSENT else found

    return run
