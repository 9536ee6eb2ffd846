"""The kit's paginators read a list to its end, whichever way the vendor pages it."""

import pytest

from syncyard_gateway.connectors.kit import paging

pytestmark = pytest.mark.unit
RECORDS = list(range(7))


async def test_offset_paging_stops_at_the_total_or_an_empty_page() -> None:
    asked: list[int] = []

    async def fetch(offset: int) -> tuple[list[int], int]:
        asked.append(offset)
        return RECORDS[offset : offset + 3], len(RECORDS)

    assert await paging.all_by_offset(fetch) == RECORDS
    assert asked == [0, 3, 6]

    async def short_of_total(offset: int) -> tuple[list[int], int]:
        return RECORDS[offset : offset + 3], 100  # the total overstates: an empty page ends it

    assert await paging.all_by_offset(short_of_total) == RECORDS


async def test_page_number_paging_stops_at_the_last_page() -> None:
    asked: list[int] = []

    async def fetch(page: int) -> tuple[list[int], bool]:
        asked.append(page)
        start = (page - 1) * 3
        return RECORDS[start : start + 3], start + 3 < len(RECORDS)

    assert await paging.all_by_page_number(fetch) == RECORDS
    assert asked == [1, 2, 3]


async def test_link_paging_follows_next_links() -> None:
    links = {None: ("p2", [0, 1]), "p2": ("p3", [2, 3]), "p3": (None, [4])}
    asked: list[str | None] = []

    async def fetch(link: str | None) -> tuple[list[int], str | None]:
        asked.append(link)
        following, found = links[link]
        return found, following

    assert await paging.all_by_link(fetch) == [0, 1, 2, 3, 4]
    assert asked == [None, "p2", "p3"]
