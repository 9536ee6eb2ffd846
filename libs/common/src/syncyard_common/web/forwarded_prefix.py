"""The API docs behind the front door: /api/<service>/docs must fetch
/api/<service>/openapi.json, and the document must name /api/<service> as its server.

The front door strips the prefix and says it in ``X-Forwarded-Prefix`` (deploy/frontdoor,
the Ingresses' ``x-forwarded-prefix``). Only the docs' own paths take it as their ASGI
``root_path`` (FastAPI builds the docs page's and the document's URLs from it); every other
route sees the request exactly as before. The header is used only when it is a plain path
(letters, digits, ``-``, ``_``), since FastAPI writes it into the docs page's script.
"""

import re

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

HEADER = "x-forwarded-prefix"
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
_PLAIN_PATH = re.compile(r"(/[A-Za-z0-9_-]{1,40}){1,4}")


def prefix_of(value: str | None) -> str:
    """The prefix the header names, or "" when it is absent or not a plain path."""
    if value is None or not _PLAIN_PATH.fullmatch(value):
        return ""
    return value


class ForwardedPrefix:
    """Plain ASGI (see app.py's ``_Observe``): sets ``root_path`` for the docs paths only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in DOCS_PATHS:
            prefix = prefix_of(Headers(scope=scope).get(HEADER))
            if prefix:
                scope = {**scope, "root_path": scope.get("root_path", "") + prefix}
        await self.app(scope, receive, send)
