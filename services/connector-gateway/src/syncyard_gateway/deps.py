"""Annotated dependency aliases shared by the routers.

Only what every router needs, so deps imports no noun of the service: the connector factory's
alias is ``connections.live.FactoryDep``, the lifespan's ``State`` is in main.py."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_gateway.settings import GatewaySettings


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    maker: async_sessionmaker[AsyncSession] = request.state.sessionmaker
    async with maker() as session:
        yield session


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


SessionDep = Annotated[AsyncSession, Depends(_session)]
SettingsDep = Annotated[GatewaySettings, Depends(_settings)]
