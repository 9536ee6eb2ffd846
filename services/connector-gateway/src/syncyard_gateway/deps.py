"""Annotated dependency aliases shared by the routers."""

from collections.abc import AsyncIterator
from typing import Annotated, TypedDict

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_gateway.connections.live import ConnectorFactory
from syncyard_gateway.settings import GatewaySettings
from syncyard_gateway.webhooks.receiver import Receiver


class State(TypedDict):
    """What the lifespan yields; Starlette copies it onto every ``request.state``."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    factory: ConnectorFactory
    receiver: Receiver


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    maker: async_sessionmaker[AsyncSession] = request.state.sessionmaker
    async with maker() as session:
        yield session


def _factory(request: Request) -> ConnectorFactory:
    factory: ConnectorFactory = request.state.factory
    return factory


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


SessionDep = Annotated[AsyncSession, Depends(_session)]
FactoryDep = Annotated[ConnectorFactory, Depends(_factory)]
SettingsDep = Annotated[GatewaySettings, Depends(_settings)]
