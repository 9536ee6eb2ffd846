"""Async engine and session factory (SQLAlchemy on asyncpg)."""

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from syncyard_common.db import tenant_scope


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An engine with pre-ping so a restarted database does not break the pool for good."""
    return create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args=tenant_scope.CONNECT_ARGS,  # system scope until a tenant narrows it
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions narrowed to the request's tenant, if any (``tenant_scope``)."""
    return async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=tenant_scope.TenantScopedSession
    )
