"""GET/PUT/DELETE /v1/connections/{id}/webhook-subscriptions: the shop's subscriptions to the
connection's webhook URL, read, made and removed from Syncyard (where the vendor's API can)."""

import uuid

from fastapi import APIRouter

from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_gateway.connections import errors, remote_calls, repository
from syncyard_gateway.connections.live import FactoryDep
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.deps import SessionDep, SettingsDep
from syncyard_gateway.webhook_subscriptions import service
from syncyard_gateway.webhook_subscriptions.schemas import SubscriptionRequest, SubscriptionState

router = APIRouter(prefix="/v1/connections", tags=["connections"])
PATH = "/{connection_id}/webhook-subscriptions"


async def _load(
    session: SessionDep, tenant_id: uuid.UUID, connection_id: uuid.UUID
) -> ConnectionRecord:
    async with session.begin():
        record = await repository.get(session, tenant_id=tenant_id, connection_id=connection_id)
    if record is None:
        raise errors.ConnectionNotFound()
    return record


@router.get(PATH, **remote_calls.calls_remote())
async def read_subscriptions(
    connection_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> SubscriptionState:
    """Which of the orders' topics the remote delivers to this connection's URL (one call)."""
    record = await _load(session, principal.tenant_id, connection_id)
    return await service.state(
        factory, record, session=session, public_base_url=settings.public_base_url
    )


@router.put(PATH, **remote_calls.calls_remote())
async def subscribe(
    connection_id: uuid.UUID,
    request: SubscriptionRequest,
    principal: WriterDep,
    session: SessionDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> SubscriptionState:
    """Subscribe the topics of these entities that are missing (409 when the connector
    cannot, or the gateway has no public URL; for a remote whose app registration takes the
    URL, the 409 says where and what to enter)."""
    record = await _load(session, principal.tenant_id, connection_id)
    return await service.subscribe(
        factory,
        record,
        session=session,
        public_base_url=settings.public_base_url,
        entities=request.entities,
    )


@router.delete(PATH, **remote_calls.calls_remote())
async def unsubscribe(
    connection_id: uuid.UUID,
    principal: WriterDep,
    session: SessionDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> SubscriptionState:
    record = await _load(session, principal.tenant_id, connection_id)
    return await service.unsubscribe(
        factory, record, session=session, public_base_url=settings.public_base_url
    )
