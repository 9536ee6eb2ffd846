"""Walking JSONata's parse tree: the child nodes of a node."""

from typing import Any

from jsonata.parser import Parser

_SKIPPED = frozenset({"_outer_instance", "ancestor", "environment", "seeking_parent"})


def children(node: Any) -> list[Any]:
    """The nodes directly under ``node``, in attribute order (object pairs included)."""
    found: list[Any] = []
    for key, value in vars(node).items():
        if value is None or key in _SKIPPED or isinstance(value, str | int | float):
            continue
        if isinstance(value, Parser.Symbol):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Parser.Symbol):
                    found.append(item)
                elif isinstance(item, list):
                    found.extend(x for x in item if isinstance(x, Parser.Symbol))
    return found
