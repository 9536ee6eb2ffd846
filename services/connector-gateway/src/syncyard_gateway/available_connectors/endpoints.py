"""GET /v1/connectors: the connectors a setup wizard offers."""

from fastapi import APIRouter

from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_gateway.available_connectors.schemas import ConnectorRead
from syncyard_gateway.connectors import by_name

router = APIRouter(prefix="/v1/connectors", tags=["connectors"])


@router.get("")
async def list_connectors(principal: PrincipalDep) -> list[ConnectorRead]:  # noqa: ARG001 - auth only
    return [ConnectorRead.of(connector) for connector in by_name.CONNECTORS.values()]
