"""Field-level difference of two JSON documents: what another mapping version changes in a
record. Pure. Paths are JSON Pointers (RFC 6901): ``/lines/0/sku``, ``/extra/gift~1note``."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs; ``before`` is None when added, ``after`` None when removed."""

    path: str
    change: Change
    before: Any = None
    after: Any = None


def escape(key: str) -> str:
    """One path segment as RFC 6901 writes it (``~`` then ``/``, in that order)."""
    return key.replace("~", "~0").replace("/", "~1")


def diff(before: Any, after: Any) -> list[FieldChange]:
    """Every field that differs, in document order. Objects are compared key by key and lists
    item by item (a mapping keeps the order of lines); a key or item present on one side only
    is one change holding its whole value."""
    changes: list[FieldChange] = []
    _walk(before, after, "", changes)
    return changes


def _walk(before: Any, after: Any, path: str, out: list[FieldChange]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key, value in before.items():
            child = f"{path}/{escape(str(key))}"
            if key in after:
                _walk(value, after[key], child, out)
            else:
                out.append(FieldChange(child, Change.REMOVED, before=value))
        out.extend(
            FieldChange(f"{path}/{escape(str(key))}", Change.ADDED, after=value)
            for key, value in after.items()
            if key not in before
        )
        return
    if isinstance(before, list) and isinstance(after, list):
        for index, (old, new) in enumerate(zip(before, after, strict=False)):
            _walk(old, new, f"{path}/{index}", out)
        out.extend(
            FieldChange(f"{path}/{index}", Change.REMOVED, before=before[index])
            for index in range(len(after), len(before))
        )
        out.extend(
            FieldChange(f"{path}/{index}", Change.ADDED, after=after[index])
            for index in range(len(before), len(after))
        )
        return
    if not is_same_value(before, after):
        out.append(FieldChange(path, Change.CHANGED, before=before, after=after))


def is_same_value(before: Any, after: Any) -> bool:
    """JSON equality of two leaves: ``true`` is not ``1`` (Python's ``==`` says it is), while
    ``10`` and ``10.0`` are the same number."""
    if isinstance(before, bool) or isinstance(after, bool):
        return type(before) is type(after) and before == after
    return bool(before == after)
