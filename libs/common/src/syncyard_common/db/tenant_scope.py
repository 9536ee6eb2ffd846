"""Which tenant's rows a transaction may see: the second wall behind every tenant filter (R23,
decision 0008).

Row-level security (``row_security.py``) lets a row of a tenant table through when its
``tenant_id`` equals the transaction's ``app.tenant_id``, when ``app.scope`` is ``system``, or
when the transaction names no tenant (a connection that sets nothing, such as the previous
release's during an upgrade, is not narrowed).

- Every connection of the services' engines starts in system scope: a startup parameter
  (``CONNECT_ARGS``), so consumers, relays, purges, sweepers and webhook intake, which work
  across tenants, pay no round trip for it.
- An authenticated request sets ``current_tenant`` (``auth/dependencies.py``). Each session
  transaction begun while it is set narrows itself to that tenant first (one statement, local
  to the transaction): the query that forgets ``WHERE tenant_id = ...`` still sees, changes
  and inserts only that tenant's rows.
"""

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

TENANT_SETTING = "app.tenant_id"
SCOPE_SETTING = "app.scope"
SYSTEM = "system"
# asyncpg's connect() arguments: every new connection is in system scope until narrowed.
CONNECT_ARGS: dict[str, Any] = {"server_settings": {SCOPE_SETTING: SYSTEM}}

_current_tenant: ContextVar[uuid.UUID | None] = ContextVar("syncyard_tenant", default=None)
# Both settings in one round trip; `true`: they end with the transaction, so a pooled
# connection goes back to system scope for whoever takes it next.
_NARROW = text(
    f"SELECT set_config('{TENANT_SETTING}', :tenant, true), set_config('{SCOPE_SETTING}', '', true)"
)

_WIDEN = text(f"SELECT set_config('{SCOPE_SETTING}', '{SYSTEM}', true)")
_BACK = text(f"SELECT set_config('{SCOPE_SETTING}', '', true)")


def current_tenant() -> uuid.UUID | None:
    return _current_tenant.get()


@contextmanager
def tenant(tenant_id: uuid.UUID | None) -> Iterator[None]:
    """Transactions begun inside see only ``tenant_id``'s rows (None: system scope)."""
    token = _current_tenant.set(tenant_id)
    try:
        yield
    finally:
        _current_tenant.reset(token)


class TenantScopedSession(Session):
    """The services' session class: narrowed to ``current_tenant`` when one is set."""


@event.listens_for(TenantScopedSession, "after_begin")
def _narrow(_session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    tenant_id = _current_tenant.get()
    if tenant_id is not None:
        connection.execute(_NARROW, {"tenant": str(tenant_id)})


@asynccontextmanager
async def across_tenants(session: AsyncSession) -> AsyncIterator[None]:
    """Statements in the block see every tenant's rows, inside a narrowed transaction: only for
    a question that is about other tenants by nature ("has another tenant claimed this id?").
    Each use is a hole in the wall: keep the block to that one statement."""
    if _current_tenant.get() is None:
        yield  # already in system scope
        return
    await session.execute(_WIDEN)
    try:
        yield
    except BaseException:
        # Narrowed again while the transaction still runs; an aborted one ends anyway.
        with suppress(DBAPIError):
            await session.execute(_BACK)
        raise
    await session.execute(_BACK)
