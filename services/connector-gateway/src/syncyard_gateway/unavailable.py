"""Answer 503 (never 500) when the database cannot be reached, so webhook senders retry (R9)."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from syncyard_common.telemetry import get_logger
from syncyard_common.web import problems

_log = get_logger(__name__)
# OSError: asyncpg's connection refused/reset is not wrapped by SQLAlchemy.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
    OSError,
)


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    _log.warning("database unavailable", path=request.url.path, error=type(exc).__name__)
    response = problems.problem(
        503, "temporarily_unavailable", "The database is unavailable; try again shortly."
    )
    response.headers["Retry-After"] = "5"
    return response


def install(app: FastAPI) -> None:
    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, _on_database_error)
