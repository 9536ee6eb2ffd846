"""Dependency aliases shared by the routers: the database session and the caller."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth import dependencies
from syncyard_orchestrator.flows.flow_rules import FLOW_NAMES

PrincipalDep = dependencies.PrincipalDep
WriterDep = dependencies.WriterDep


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; the endpoint's service opens the transaction."""
    async with request.app.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_session)]

# The flows, declared as an enum in the OpenAPI document; an unknown one is still answered by
# the handler, as before.
FlowPath = Annotated[
    str, Path(description="The flow.", json_schema_extra={"enum": sorted(FLOW_NAMES)})
]
