"""Text from outside that PostgreSQL or XML cannot hold: the one rule, pure.

PostgreSQL refuses NUL in ``text`` and ``\\u0000`` in ``jsonb``; a lone surrogate (``\\ud800``,
legal in a JSON escape, not in UTF-8) cannot even be encoded; XML 1.0 (the till's SOAP) allows
no C0 control character but tab, line feed and carriage return, nor U+FFFE/U+FFFF.

- Data from a shop (webhooks, records read from a vendor) is **cleaned**: NUL and the other C0
  controls except tab, LF and CR are removed; a lone surrogate, U+FFFE and U+FFFF become
  U+FFFD (the replacement character). Everything else (RTL marks, emoji, accents) is kept.
- Input to our own REST API is **refused** (422 naming the field) where it holds text that
  cleaning would change, so what we store can reach any target as it was given
  (see ``text_check``).
"""

import re
from typing import Any

import orjson

# Removed: C0 controls but \t \n \r. Replaced: surrogates (paired ones never reach a Python
# str decoded from JSON: they become one code point) and the two XML-forbidden noncharacters.
_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REPLACED = re.compile("[\ud800-\udfff\ufffe\uffff]")
_TO_CLEAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# In raw JSON: a \u escape of a control or a surrogate, \b or \f, a surrogate or noncharacter
# as raw (CESU-style) bytes, or a raw control byte. A false alarm costs one walk, nothing else.
_RAW_SUSPECT = re.compile(
    rb"\\u00[01][0-9a-fA-F]|\\[bf]|\\u[dD][89a-fA-F]|\\u[fF]{3}[eEfF]"
    rb"|\xed[\xa0-\xbf]|\xef\xbf[\xbe\xbf]|[\x00-\x08\x0b\x0c\x0e-\x1f]"
)
_RAW_HINTS = (b"\\u", b"\\b", b"\\f", b"\xed", b"\xef\xbf")
REPLACEMENT = "\ufffd"


def clean_text(value: str) -> str:
    """``value`` with what no store can hold removed or replaced (see the module rule)."""
    if _TO_CLEAN.search(value) is None:
        return value
    return _REPLACED.sub(REPLACEMENT, _REMOVED.sub("", value))


def clean(value: Any) -> Any:
    """A parsed JSON value with every string (keys too) cleaned; other values as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def clean_json(value: Any) -> Any:
    """``clean(value)`` for a JSON-ready value, walked only when its dump hints at such text
    (one orjson dump is far cheaper than walking a thousand-line order in Python)."""
    try:
        dumped = orjson.dumps(value)
    except TypeError:  # orjson refuses lone surrogates (and anything not JSON-ready)
        return clean(value)
    return clean(value) if may_need_cleaning(dumped) else value


def may_need_cleaning(raw: bytes) -> bool:
    """Whether raw JSON bytes may decode to text ``clean`` would change (cheap, no parse).

    Substring tests first (memchr speed, most bodies pass them all); the regex only after a
    hint. A raw control byte inside a JSON string is refused by the parser (strict JSON), so
    it is looked for only then."""
    if not any(hint in raw for hint in _RAW_HINTS):
        return False
    return _RAW_SUSPECT.search(raw) is not None


def is_storable(value: str) -> bool:
    """Whether ``value`` goes anywhere as it is: nothing ``clean_text`` would change."""
    return _TO_CLEAN.search(value) is None


def first_unstorable(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The path of the first string (or key) in a parsed JSON value that is not storable."""
    if isinstance(value, str):
        return None if is_storable(value) else path
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and not is_storable(key):
                return (*path, key)
            found = first_unstorable(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = first_unstorable(item, (*path, index))
            if found is not None:
                return found
    return None
