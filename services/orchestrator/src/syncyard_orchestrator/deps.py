"""Dependency aliases shared by the routers: the database session and the caller."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth import dependencies

PrincipalDep = dependencies.PrincipalDep
WriterDep = dependencies.WriterDep


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; the endpoint's service opens the transaction."""
    async with request.app.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_session)]
