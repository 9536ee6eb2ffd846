"""Dependency aliases shared by the mapper's routers."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth import dependencies
from syncyard_mapper.engine.document import FLOW_MODELS
from syncyard_mapper.engine.value_maps import VALUE_MAP_NAMES

PrincipalDep = dependencies.PrincipalDep
WriterDep = dependencies.WriterDep


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_session)]

# Fixed lists, declared as enums in the OpenAPI document; an unknown value is still answered
# by the handler (404 naming it), as a path to something that does not exist.
FlowPath = Annotated[
    str, Path(description="The flow.", json_schema_extra={"enum": sorted(FLOW_MODELS)})
]
ValueMapName = Annotated[
    str, Path(description="The value map.", json_schema_extra={"enum": sorted(VALUE_MAP_NAMES)})
]
