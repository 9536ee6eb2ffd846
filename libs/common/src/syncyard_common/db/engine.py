"""Async engine and session factory (SQLAlchemy on asyncpg)."""

import json
from typing import Any

import orjson
import pydantic_core
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from syncyard_common.db import tenant_scope


def create_engine(
    database_url: str, *, pool_size: int = 10, max_overflow: int | None = None
) -> AsyncEngine:
    """An engine whose pool hands out no connection the database has closed.

    ``max_overflow`` (default ``pool_size``): connections opened beyond ``pool_size`` when all
    are taken, and closed again when handed back while ``pool_size`` others are idle; 0 keeps
    every connection it opens (a service's pool: ``SYNCYARD_DATABASE_POOL_SIZE``), so a
    bursty consumer does not pay for a new PostgreSQL backend again and again.

    No ``pool_pre_ping``: on asyncpg it is three round trips (``BEGIN``, ``;``, ``ROLLBACK``)
    on every checkout, more than most of our transactions' own statements. Instead a checkout
    asks asyncpg whether the socket is still open, which costs nothing: a restarted, stopped
    or failed-over PostgreSQL closes its end, asyncpg sees it at once, and the pool replaces the
    connection before anyone uses it. A connection that dies unseen (a silent network cut, or
    closed between checkout and the first statement) fails its statement once; SQLAlchemy then
    drops every connection of the pool made before it, and the caller's error is the
    database-unavailable kind (``web/db_unavailable``: 503, or a retried message)."""
    engine = create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_recycle=1800,
        connect_args=tenant_scope.CONNECT_ARGS,  # system scope until a tenant narrows it
        json_serializer=to_json,
        json_deserializer=from_json,
    )
    event.listen(engine.sync_engine, "checkout", _refuse_closed)
    return engine


# What orjson writes as json.dumps would; datetimes, dataclasses and subclasses of str, int,
# dict and list are left to json.dumps, which refuses or writes them as it always did.
_ORJSON = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def to_json(value: Any) -> str:
    """The text of a JSON/JSONB bind (a run's state, a step history, an audit payload).

    orjson is about ten times faster than ``json.dumps``, which SQLAlchemy uses otherwise (a
    run's state went through it on every step); what orjson refuses (an integer past 64
    bits, a passed-through type) goes to ``json.dumps``. Read back, ``pydantic_core.from_json``
    parses at twice ``json.loads``'s speed and keeps big integers exact (``orjson.loads``
    would not)."""
    try:
        return orjson.dumps(value, option=_ORJSON).decode()
    except TypeError:
        return json.dumps(value)


# Reads a JSON/JSONB column (see to_json).
from_json = pydantic_core.from_json


def _refuse_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """DisconnectionError makes the pool discard this connection and check out another
    (a fresh one when all are closed), up to three times, before the caller sees an error."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the database closed this pooled connection")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions narrowed to the request's tenant, if any (``tenant_scope``)."""
    return async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=tenant_scope.TenantScopedSession
    )
