"""``X-API-Key: sk_…`` is also seen as ``Authorization: Bearer sk_…`` inside every service.

Endpoints that call another service on the caller's behalf (previews, dry runs, ownership
checks) forward the caller's Authorization header; a machine client that sent its key as
X-API-Key must be forwarded as well, and the services accept a key as a bearer. Plain ASGI,
like the other middlewares of ``service_app``: no task group or queue per request.
"""

from starlette.types import ASGIApp, Receive, Scope, Send


class ApiKeyAsBearer:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers: list[tuple[bytes, bytes]] = scope["headers"]
            names = {name for name, _ in headers}
            if b"x-api-key" in names and b"authorization" not in names:
                key = next(value for name, value in headers if name == b"x-api-key")
                scope = {**scope, "headers": [*headers, (b"authorization", b"Bearer " + key)]}
        await self.app(scope, receive, send)
