"""The change feed: an opaque "<date_modified ISO>|<id>" cursor and the page collector."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from syncyard_gateway.connectors.kit.cursors import CursorCodec

T = TypeVar("T")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Position = tuple[datetime, int]
FetchPage = Callable[[int], Awaitable[tuple[list[T], bool]]]


def _write(position: Position | None) -> str:
    """`2025-01-15T10:30:00+00:00|42`: the last record handed on."""
    if position is None:
        raise ValueError("no position to write")
    moment, record_id = position
    return f"{moment.astimezone(UTC).isoformat()}|{record_id}"


def _read(cursor: str) -> Position:
    moment, _, record_id = cursor.rpartition("|")
    parsed = datetime.fromisoformat(moment)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC), int(record_id))


# None: from the beginning.
CURSOR: CursorCodec[Position | None] = CursorCodec(
    write=_write,
    read=_read,
    start=None,
    refusal="The change cursor {cursor!r} is not one this connector made.",
)


async def collect(
    fetch: FetchPage[T], position: Callable[[T], Position], after: Position | None, limit: int
) -> tuple[list[T], bool]:
    """Records after ``after`` in (date_modified, id) order, at most ``limit``, and whether more
    exist. Pages sorted by date_modified are read until every record sharing the cut-off second
    is seen, because the vendor's order within one second is not guaranteed."""
    found: dict[int, T] = {}
    page, more = 1, True
    while more:
        items, more = await fetch(page)
        for item in items:
            at = position(item)
            if after is None or at > after:
                found[at[1]] = item  # a record changed while paging keeps its newest copy
        if len(found) > limit and items:
            cut = sorted(position(i) for i in found.values())[limit - 1]
            if position(items[-1])[0] > cut[0]:
                break
        page += 1
    ordered = sorted(found.values(), key=position)
    return ordered[:limit], more or len(ordered) > limit
