"""Annotated dependency aliases shared by the routers."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier.settings import NotifierSettings


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


def _settings(request: Request) -> NotifierSettings:
    settings: NotifierSettings = request.app.state.settings
    return settings


def _secret_key(request: Request) -> bytes:
    key: bytes = request.app.state.secret_key
    return key


SessionDep = Annotated[AsyncSession, Depends(_session)]
SettingsDep = Annotated[NotifierSettings, Depends(_settings)]
SecretKeyDep = Annotated[bytes, Depends(_secret_key)]
