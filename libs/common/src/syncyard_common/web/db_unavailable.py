"""503 with Retry-After (never 500) whenever the database cannot be used right now (R9).

Webhook senders and API clients retry a 503; a 500 tells them the request itself is broken.
"Unavailable" is every way a PostgreSQL restart, shutdown or failover shows up through
SQLAlchemy and asyncpg: refused or reset sockets (OSError, not wrapped by SQLAlchemy on
connect), pool timeouts, invalidated connections, and the server's own class 08 (connection
exception), 57 (operator intervention: admin/crash shutdown, cannot connect now) and 53300
(too many connections) errors, which SQLAlchemy's asyncpg adapter wraps in a bare DBAPIError.
"""

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from syncyard_common.telemetry import get_logger
from syncyard_common.web import problems

RETRY_AFTER_SECONDS = 5
_log = get_logger(__name__)

# Errors that always mean the database (or the way to it) is unavailable.
_ALWAYS: tuple[type[Exception], ...] = (
    OSError,  # includes ConnectionRefusedError, ConnectionResetError, TimeoutError
    sa_exc.TimeoutError,  # the pool had no connection to give in time
    sa_exc.DisconnectionError,
    asyncpg.PostgresConnectionError,  # 08xxx, ConnectionDoesNotExistError among them
    asyncpg.exceptions.OperatorInterventionError,  # 57xxx: shutdown, cannot connect now
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.InterfaceError,  # "connection is closed", "another operation..."
)
# Errors whose cause decides: SQLAlchemy wraps the driver's error in one of these.
_WRAPPERS: tuple[type[Exception], ...] = (sa_exc.DBAPIError,)


def is_database_unavailable(exc: BaseException) -> bool:
    """True if ``exc`` (or anything in its cause chain) says the database cannot be used now."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _ALWAYS):
            return True
        if isinstance(current, sa_exc.DBAPIError):
            if current.connection_invalidated or isinstance(current, sa_exc.OperationalError):
                return True
            if isinstance(current, sa_exc.InterfaceError):
                return True
            current = current.orig
            continue
        current = current.__cause__ or current.__context__
    return False


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    if not is_database_unavailable(exc):
        raise exc  # a real fault: the server error middleware logs it and answers 500
    _log.warning("database unavailable", path=request.url.path, error=type(exc).__name__)
    response = problems.problem(
        503, "temporarily_unavailable", "The database is unavailable; try again shortly."
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install(app: FastAPI) -> None:
    """Answer 503 + Retry-After for every database-unavailable error a route lets through."""
    for error in (*_ALWAYS, *_WRAPPERS):
        app.add_exception_handler(error, _on_database_error)
