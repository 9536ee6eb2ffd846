"""CORS from an allow-list setting (SYNCYARD_CORS_ALLOW_ORIGINS), the same in every service.

The console is served from the front door's origin and needs no CORS; the list is for a
frontend of a merchant's own on another origin."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

# Headers a frontend sends: the token, JSON, and a caller's idempotency key.
ALLOWED_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "Accept-Language"]


def origins(setting: str) -> list[str]:
    """The comma list of the setting, without blanks or a trailing slash."""
    return [origin.strip().rstrip("/") for origin in setting.split(",") if origin.strip()]


def add_cors(app: FastAPI, allow_origins: str) -> None:
    """No origins: no middleware at all, so a browser on another origin is refused."""
    if not origins(allow_origins):
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins(allow_origins),
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=ALLOWED_HEADERS,
        # Bearer tokens, not cookies: credentials mode is never needed.
        allow_credentials=False,
        max_age=600,
    )
