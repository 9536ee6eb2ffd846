"""The three ways a vendor pages a list, each read to its end: by offset, by page number and
by the next page's link. A connector's client supplies one call that fetches a page."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")
# offset → (records of that page, the list's total)
OffsetPage = Callable[[int], Awaitable[tuple[list[T], int]]]
# page number → (records of that page, whether a next page exists)
NumberedPage = Callable[[int], Awaitable[tuple[list[T], bool]]]
# next link (None: the first page) → (records of that page, the next page's link or None)
LinkedPage = Callable[[str | None], Awaitable[tuple[list[T], str | None]]]


async def all_by_offset(fetch: OffsetPage[T]) -> list[T]:
    """Every record, asking from the count read so far until the total or an empty page."""
    records: list[T] = []
    while True:
        found, total = await fetch(len(records))
        records += found
        if not found or len(records) >= total:
            return records


async def all_by_page_number(fetch: NumberedPage[T], *, first: int = 1) -> list[T]:
    """Every record, page after page until one says it is the last."""
    records: list[T] = []
    page = first
    while True:
        found, more = await fetch(page)
        records += found
        if not more:
            return records
        page += 1


async def all_by_link(fetch: LinkedPage[T]) -> list[T]:
    """Every record, following each page's next link until a page has none."""
    records: list[T] = []
    link: str | None = None
    while True:
        found, link = await fetch(link)
        records += found
        if link is None:
            return records
