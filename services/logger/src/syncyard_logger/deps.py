"""Dependency aliases shared by the logger's routers."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth import dependencies
from syncyard_logger.settings import LoggerSettings

PrincipalDep = dependencies.PrincipalDep
WriterDep = dependencies.WriterDep


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.state.sessionmaker() as session:
        yield session


def _settings(request: Request) -> LoggerSettings:
    settings: LoggerSettings = request.app.state.settings
    return settings


SessionDep = Annotated[AsyncSession, Depends(_session)]
SettingsDep = Annotated[LoggerSettings, Depends(_settings)]
