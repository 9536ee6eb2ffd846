"""Per-entry caps (pure): an activity-log entry shows at most ``PAYLOAD_CAP_BYTES`` of each
payload and ``MESSAGE_CAP_CHARS`` of its message, so a run log stays readable (one large
order once made a 12 MB answer).

What is kept is the payload's beginning, in its own shape: fields in order while they fit,
the first items of a list that does not, the start of a long text. What was cut is stated in
the payload itself, under ``CUT_KEY``: the cap, the payload's full size and the path of each
cut part (``line_items[37:]`` is every item from the 38th on).
"""

from typing import Any

import orjson

PAYLOAD_CAP_BYTES = 64 * 1024
MESSAGE_CAP_CHARS = 4000
CUT_KEY = "_cut"
# Room kept for the note itself; its list of cut paths is bounded to fit in it.
_NOTE_BYTES = 2048
_MAX_PATHS = 20
_MIN_TEXT = 64  # a text cut shorter than this is dropped whole instead


def _size(value: Any) -> int:
    return len(orjson.dumps(value))


def cap_payload(payload: dict[str, Any], *, cap: int = PAYLOAD_CAP_BYTES) -> dict[str, Any]:
    """The payload, or its beginning within ``cap`` bytes of JSON with a note of what was cut."""
    full = _size(payload)
    if full <= cap:
        return payload
    cuts: list[str] = []
    kept = _fit_mapping(payload, cap - _NOTE_BYTES, "", cuts)
    kept[CUT_KEY] = {
        "cap_bytes": cap,
        "payload_bytes": full,
        "cut": cuts[:_MAX_PATHS],
        "cut_parts": len(cuts),
        "note": f"This payload was {full} bytes; entries keep {cap} bytes of each payload.",
    }
    return kept


def cap_message(message: str, *, cap: int = MESSAGE_CAP_CHARS) -> str:
    if len(message) <= cap:
        return message
    return f"{message[:cap]} [cut: {len(message) - cap} more characters over the {cap} cap]"


def _fit(value: Any, budget: int, path: str, cuts: list[str]) -> tuple[Any, int] | None:
    """``value`` or its beginning within ``budget`` bytes and its size; None: nothing fits."""
    size = _size(value)
    if size <= budget:
        return value, size
    if isinstance(value, dict):
        kept = _fit_mapping(value, budget, path, cuts)
        return kept, _size(kept)
    if isinstance(value, list):
        return _fit_list(value, budget, path, cuts)
    if isinstance(value, str) and budget > _MIN_TEXT:
        # JSON may escape a character to six bytes: this many always fit.
        head = value[: (budget - 2) // 6]
        cuts.append(f"{path}[{len(head)}:] ({len(value) - len(head)} characters)")
        return head, _size(head)
    cuts.append(path or "$")
    return None


def _fit_mapping(value: dict[str, Any], budget: int, path: str, cuts: list[str]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    used = 2  # {}
    for key, item in value.items():
        here = f"{path}.{key}" if path else str(key)
        overhead = _size(str(key)) + 2  # "key": and a comma
        fitted = _fit(item, budget - used - overhead, here, cuts)
        if fitted is None:
            continue
        kept[key], size = fitted
        used += overhead + size
    return kept


def _fit_list(value: list[Any], budget: int, path: str, cuts: list[str]) -> tuple[Any, int]:
    kept: list[Any] = []
    used = 2  # []
    for index, item in enumerate(value):
        size = _size(item) + 1
        if used + size > budget:
            cuts.append(f"{path}[{index}:] ({len(value) - index} of {len(value)} items)")
            break
        kept.append(item)
        used += size
    return kept, used
