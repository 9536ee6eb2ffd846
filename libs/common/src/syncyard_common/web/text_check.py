"""Refuse REST input holding text no column can store: 422 naming the field, before any handler.

Every service's API gets it through ``service_app``, so no request model can forget it: the
JSON body (values and keys), the query parameters and the path are checked. PostgreSQL would
refuse NUL (and nothing can encode a lone surrogate) half-way through a use case, as a 500;
the till's XML refuses the other control characters. Tab, line feed and carriage return pass.
The JSON body is parsed only when its raw bytes hint at such text (``text.may_need_cleaning``),
so ordinary requests pay one byte scan. Paths that read and clean their own bodies (webhook
intake) are passed over.

``NaN`` and ``Infinity`` are no JSON (RFC 8259), yet Python's parser, and so FastAPI's, takes
them: a free-form value holding one would be stored as ``null`` or fail in PostgreSQL. They are
refused the same way (422 ``number_not_finite`` naming the field).
"""

import json
from collections.abc import Sequence
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from syncyard_common.web import text
from syncyard_common.web.problems import problem


class TextCheck:
    def __init__(self, app: ASGIApp, *, skipped_paths: Sequence[str] = ()) -> None:
        self.app = app
        self.skipped_paths = tuple(skipped_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skipped_paths):
            await self.app(scope, receive, send)
            return
        field = _in_path(scope["path"]) or _in_query(scope.get("query_string", b""))
        if field is not None:
            await _refuse(NOT_STORABLE, field, scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:  # bounded: BodySizeLimit, outside this, has read and counted it already
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        field = _in_body(body)
        if field is not None:
            await _refuse(NOT_STORABLE, field, scope, receive, send)
            return
        field = _non_finite_in_body(body)
        if field is not None:
            await _refuse(NOT_FINITE, field, scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _in_path(path: str) -> str | None:
    return None if text.is_storable(path) else "path"


def _in_query(query_string: bytes) -> str | None:
    if b"%" not in query_string:  # a control character can only come percent-encoded
        return None
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if not (text.is_storable(name) and text.is_storable(value)):
            return _shown(name)
    return None


def _in_body(body: bytes) -> str | None:
    if not text.may_need_cleaning(body):
        return None
    try:
        parsed = json.loads(body)  # as FastAPI parses it (bytes: surrogates pass through)
    except ValueError:
        return None  # not JSON: the route answers for it (400 malformed_json)
    found = text.first_unstorable(parsed)
    return None if found is None else _field_name(found)


class _NonFinite:
    """Where the parser met NaN, Infinity or -Infinity."""


_NON_FINITE = _NonFinite()
_NON_FINITE_HINTS = (b"NaN", b"Infinity")


def _non_finite_in_body(body: bytes) -> str | None:
    if not any(hint in body for hint in _NON_FINITE_HINTS):  # inside a string is fine too
        return None
    try:
        parsed = json.loads(body, parse_constant=lambda _: _NON_FINITE)
    except ValueError:
        return None
    found = _first_non_finite(parsed, ())
    return None if found is None else _field_name(found)


def _first_non_finite(value: object, path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    if value is _NON_FINITE:
        return path
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = _first_non_finite(item, (*path, key))
        if found is not None:
            return found
    return None


def _shown(name: str) -> str:
    """A field name fit for the answer itself (a bad key is part of the path)."""
    return text.clean_text(name.replace("\x00", "\ufffd"))


# Each refusal: its code and why, after the field's name.
NOT_STORABLE = (
    "text_not_storable",
    "holds a NUL or control character or a lone surrogate, which cannot be stored",
)
NOT_FINITE = (
    "number_not_finite",
    "is NaN or Infinity, which JSON cannot carry: send a finite number or null",
)


def _field_name(path: tuple[str | int, ...]) -> str:
    return ".".join(_shown(str(part)) for part in path) or "body"


async def _refuse(
    refusal: tuple[str, str], field: str, scope: Scope, receive: Receive, send: Send
) -> None:
    code, reason = refusal
    response = problem(
        422, code, f"{field}: {reason}", field=field, errors=[{"field": field, "reason": reason}]
    )
    await response(scope, receive, send)
