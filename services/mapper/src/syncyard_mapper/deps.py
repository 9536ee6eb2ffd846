"""Dependency aliases shared by the mapper's routers."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth import dependencies

PrincipalDep = dependencies.PrincipalDep
WriterDep = dependencies.WriterDep


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_session)]
