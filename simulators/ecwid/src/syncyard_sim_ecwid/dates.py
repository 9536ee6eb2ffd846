"""Ecwid's date shapes: UTC strings "2024-05-01 05:26:28 +0000" and UNIX seconds."""

import re
from datetime import UTC, datetime

# Filters accept a UNIX timestamp, "yyyy-MM-dd HH:mm:ss Z", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd".
_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_DIGITS = re.compile(r"-?\d{1,12}")


def format_date(timestamp: int) -> str:
    """`2024-05-01 05:26:28 +0000` (Ecwid answers in UTC)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S +0000")


def parse_filter(value: str) -> int | None:
    """A date filter as UNIX seconds; None when it fits none of the documented formats."""
    text = value.strip()
    if _DIGITS.fullmatch(text):
        return int(text)
    for pattern in _FORMATS:
        try:
            moment = datetime.strptime(text, pattern)  # noqa: DTZ007 - zone set below
        except ValueError:
            continue
        # Without a zone the value is UTC, as Ecwid documents ("2015-04-22" = 00:00 UTC).
        return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())
    return None
