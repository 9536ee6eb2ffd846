"""Headers that make every answer safe to show: no type sniffing, no framing, no active content.

The services answer JSON only, so their policy allows nothing at all. FastAPI's own /docs and
/redoc pages are the one exception: they load Swagger UI or ReDoc from jsDelivr with an inline
bootstrap script, so those two pages allow exactly that and nothing else.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src https://fastapi.tiangolo.com data:; "
    "worker-src blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


def policy_for(path: str) -> str:
    return DOCS_POLICY if path in DOCS_PATHS else API_POLICY


class SecurityHeaders:
    """Plain ASGI (see ``_Observe``): adds the headers to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = policy_for(scope["path"])

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Content-Security-Policy"] = policy
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, with_headers)
