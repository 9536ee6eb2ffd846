"""One codec for the cursors connectors hand to callers (change feeds, period reads).

A cursor is opaque text only its connector reads. Every connector declares each kind it hands
out as a ``CursorCodec`` (``CURSOR``; ``<KIND>_CURSOR`` when it has several) and uses the one
name pair ``encode(position) -> str`` / ``decode(text | None) -> position`` (None: from the
start); text it did not write is a ConnectorDataError, never a crash. Cursors are stored
(poll_cursor rows), so a connector's cursor text never changes shape without still reading
the old one (tests/unit/gateway/connectors/kit/test_cursors.py holds the stored shapes)."""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from syncyard_gateway.connectors.errors import ConnectorDataError

Position = TypeVar("Position")
# What reading foreign text may raise (bad JSON or number, missing key, wrong type).
UNREADABLE = (ValueError, KeyError, TypeError, AttributeError)


@dataclass(frozen=True)
class CursorCodec(Generic[Position]):
    """``write`` a position as text, ``read`` it back (raising any of UNREADABLE when the text
    is not one of ours); ``start`` is the position of no cursor; ``refusal`` the merchant's
    reason for a foreign one (``{cursor!r}`` is filled in)."""

    write: Callable[[Position], str]
    read: Callable[[str], Position]
    start: Position
    refusal: str
    code: str = "bad_cursor"

    def encode(self, position: Position) -> str:
        return self.write(position)

    def decode(self, cursor: str | None) -> Position:
        if cursor is None:
            return self.start
        try:
            return self.read(cursor)
        except UNREADABLE:
            raise ConnectorDataError(self.refusal.format(cursor=cursor), code=self.code) from None


def to_json(state: Mapping[str, Any]) -> str:
    """Compact JSON text of a cursor's state."""
    return json.dumps(state, separators=(",", ":"))


def from_json(text: str, *, version: int | None = None) -> dict[str, Any]:
    """A cursor's state from `to_json`; ValueError when not an object (of ``version``)."""
    state = json.loads(text)
    if not isinstance(state, dict):
        raise TypeError("a cursor holds a JSON object")
    if version is not None and state.get("v") != version:
        raise ValueError("unknown cursor version")
    return state


def digits(text: str) -> int:
    """A whole number written only in digits (no sign, no spaces), as page and marker cursors."""
    if not text.isdigit():
        raise ValueError(f"{text!r} is not a number")
    return int(text)
