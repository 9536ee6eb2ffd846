"""Opaque page cursors: the (occurred_at, id) of the last entry of a page, base64-encoded."""

import base64
import json
import uuid
from datetime import datetime

from syncyard_common.web.errors import BadRequest


def encode(occurred_at: datetime, entry_id: uuid.UUID) -> str:
    raw = json.dumps({"t": occurred_at.isoformat(), "id": str(entry_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The position after which the next page starts; a tampered cursor is a 400."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
        occurred_at = datetime.fromisoformat(position["t"])
        if occurred_at.tzinfo is None:
            raise ValueError("naive time")
        return occurred_at, uuid.UUID(position["id"])
    except (ValueError, KeyError, TypeError):
        raise BadRequest("invalid_cursor", "The cursor is not valid.", field="cursor") from None
