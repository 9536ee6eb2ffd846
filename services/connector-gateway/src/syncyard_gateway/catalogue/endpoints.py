"""GET /v1/connectors: the catalogue a setup wizard renders."""

from fastapi import APIRouter

from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_gateway.catalogue.schemas import ConnectorRead
from syncyard_gateway.connectors import registry

router = APIRouter(prefix="/v1/connectors", tags=["connectors"])


@router.get("")
async def list_connectors(principal: PrincipalDep) -> list[ConnectorRead]:  # noqa: ARG001 - auth only
    return [ConnectorRead.of(connector) for connector in registry.CONNECTORS.values()]
