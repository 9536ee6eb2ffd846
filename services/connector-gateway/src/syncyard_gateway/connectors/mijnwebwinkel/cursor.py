"""The change-feed cursor: an inclusive `*_start_date` filter walked with offset paging.

The API filters on whole seconds, inclusively, and sorts by id or order number rather than by
change time. So a feed is read in passes: one pass pages (by offset) through everything changed
at or after ``start``; when it ends, the next pass starts at the latest change time the pass saw,
skipping the records already handed on at exactly that second (``seen``). A key is
``"<id>@<change time>"``, so a record changed again in a later second is never skipped."""

from dataclasses import dataclass, field, replace

from syncyard_gateway.connectors.kit.cursors import CursorCodec, from_json, to_json


@dataclass(frozen=True)
class Change:
    """One record of a page: its dedupe key and its change time (`yyyy-mm-dd hh:mm:ss`)."""

    key: str
    moment: str


@dataclass(frozen=True)
class FeedCursor:
    start: str | None = None
    seen: frozenset[str] = frozenset()
    offset: int = 0
    high: str | None = None
    high_keys: frozenset[str] = field(default_factory=frozenset)

    def is_fresh(self, change: Change) -> bool:
        """False for a record already handed on at the start second of this pass."""
        return change.key not in self.seen

    def after(self, page: list[Change], *, page_was_full: bool) -> "FeedCursor":
        """Where to resume after `page`: the next offset, or the next pass when this one ended."""
        high, high_keys = self.high, set(self.high_keys)
        for change in page:
            if high is None or change.moment > high:
                high, high_keys = change.moment, {change.key}
            elif change.moment == high:
                high_keys.add(change.key)
        if page_was_full:
            return replace(
                self, offset=self.offset + len(page), high=high, high_keys=frozenset(high_keys)
            )
        if high is None:  # nothing changed since start: ask the same again next time
            return replace(self, offset=0)
        seen = high_keys | (set(self.seen) if high == self.start else set())
        return FeedCursor(start=high, seen=frozenset(seen))


def _write(cursor: FeedCursor) -> str:
    """Compact JSON; opaque to everyone but this connector."""
    return to_json(
        {
            "v": 1,
            "start": cursor.start,
            "seen": sorted(cursor.seen),
            "offset": cursor.offset,
            "high": cursor.high,
            "high_keys": sorted(cursor.high_keys),
        }
    )


def _read(text: str) -> FeedCursor:
    state = from_json(text, version=1)
    return FeedCursor(
        start=state["start"],
        seen=frozenset(state["seen"]),
        offset=int(state["offset"]),
        high=state["high"],
        high_keys=frozenset(state["high_keys"]),
    )


# No cursor: everything from the beginning.
CURSOR = CursorCodec(
    write=_write,
    read=_read,
    start=FeedCursor(),
    refusal="The stored MijnWebwinkel change cursor cannot be read; reset the poller.",
    code="cursor_unreadable",
)
