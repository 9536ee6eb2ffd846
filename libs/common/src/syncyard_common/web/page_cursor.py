"""Keyset page cursors: the (time, id) of the last row of a page, in a format the OpenAPI
document states exactly (``PATTERN``), so that every text matching it is a valid position.

An opaque base64 cursor is refused when it does not decode, and no document can say which
texts decode; ``<microseconds since 1970>-<id as 32 hex digits>`` can be said in a pattern.
A cursor made up by hand is merely a position: the page after it, possibly empty.
"""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Query

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# 16 digits of microseconds reach the year 2286, well inside what datetime holds.
PATTERN = "^[0-9]{1,16}-[0-9a-f]{32}$"
DESCRIPTION = "next_cursor of the previous page (<microseconds since 1970>-<id in hex>)."

CursorQuery = Annotated[str | None, Query(pattern=PATTERN, description=DESCRIPTION)]


def encode(at: datetime, row_id: uuid.UUID) -> str:
    micros = (at - EPOCH) // timedelta(microseconds=1)
    return f"{max(micros, 0)}-{row_id.hex}"


def decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The position of a cursor matching ``PATTERN`` (FastAPI has checked it)."""
    micros, row_id = cursor.split("-")
    return EPOCH + timedelta(microseconds=int(micros)), uuid.UUID(hex=row_id)
