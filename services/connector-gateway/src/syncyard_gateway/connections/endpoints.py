"""REST routes of connections; every query is scoped to the caller's tenant."""

import urllib.parse
import uuid
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_common.auth.principal import Principal, Role
from syncyard_common.web import etag, integration_owner
from syncyard_common.web.instant import Instant
from syncyard_gateway.connections import (
    credentials,
    editing,
    errors,
    in_use,
    live,
    lookups,
    order_checks,
    period_reads,
    remote_calls,
    repository,
    samples,
    service,
)
from syncyard_gateway.connections.live import ConnectorFactory, FactoryDep
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.schemas import (
    ConnectionCreate,
    ConnectionEdit,
    ConnectionRead,
    ConnectionTestResult,
)
from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.deps import SessionDep, SettingsDep
from syncyard_gateway.settings import GatewaySettings

router = APIRouter(prefix="/v1/connections", tags=["connections"])


async def _load(
    session: SessionDep,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
    *,
    after_delete: bool = False,
) -> ConnectionRecord:
    async with session.begin():
        record = await repository.get(
            session, tenant_id=tenant_id, connection_id=connection_id, after_delete=after_delete
        )
    if record is None:  # also for another tenant's id: 404, never 403
        raise errors.ConnectionNotFound()
    return record


def _enum(entities: Iterable[Entity]) -> dict[str, Any]:
    return {"enum": sorted(e.value for e in entities)}


# The entities each operation takes, declared as an enum (another name is answered 422 by the
# handler); one the connection's connector does not serve is 409 (remote_calls).
EntityPath = Annotated[
    str,
    Path(
        description="The entity (409 entity_not_read when the connector does not read it).",
        json_schema_extra=_enum(Entity),
    ),
]
ReconciledEntityPath = Annotated[
    str,
    Path(
        description="orders, products or stock (409 entity_not_read when the connector does "
        "not read it).",
        json_schema_extra=_enum(period_reads.RECONCILED),
    ),
]
LookupEntityPath = Annotated[
    str,
    Path(
        description="What to look up (409 lookup_not_supported when the connector cannot).",
        json_schema_extra=_enum(lookups.LOOKUPS),
    ),
]
CURSOR = (
    "The cursor of the previous page, as given; absent or empty: the first page. One the "
    "connector did not give is 422 bad_cursor."
)
NOT_FOR_THIS_CONNECTION = {409: remote_calls.NOT_FOR_THIS_CONNECTION}


@router.post("", status_code=201)
async def create_connection(
    connection_in: ConnectionCreate,
    principal: WriterDep,
    session: SessionDep,
    factory: FactoryDep,
    settings: SettingsDep,
) -> ConnectionRead:
    record = await service.create(
        session=session,
        factory=factory,
        tenant_id=principal.tenant_id,
        connection_in=connection_in,
    )
    return _read(record, settings, factory, principal)


def _read(
    record: ConnectionRecord,
    settings: GatewaySettings,
    factory: ConnectorFactory,
    principal: Principal,
) -> ConnectionRead:
    """The connection as shown; its webhook URL works as given (with the query a connector's
    ``webhook_query`` names, e.g. ``?secret=``), shown only to admins and operators."""
    query = ""
    if principal.role in (Role.ADMIN, Role.OPERATOR):
        try:
            connector = factory.verifier(record)
        except (live.KeysUnavailable, credentials.CredentialsUndecryptable):
            connector = None
        webhook_query = getattr(connector, "webhook_query", None)
        if callable(webhook_query):
            query = urllib.parse.urlencode(webhook_query())
    return ConnectionRead.of(record, settings.public_base_url, query)


@router.get("")
async def list_connections(
    principal: PrincipalDep, session: SessionDep, settings: SettingsDep, factory: FactoryDep
) -> list[ConnectionRead]:
    async with session.begin():
        records = await repository.list_for_tenant(session, tenant_id=principal.tenant_id)
    return [_read(record, settings, factory, principal) for record in records]


@router.get("/{connection_id}")
async def get_connection(
    connection_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    factory: FactoryDep,
    response: Response,
) -> ConnectionRead:
    """With an ``ETag``: send it back as ``If-Match`` on PATCH so no edit is lost. Waits for
    a delete in progress (the orchestrator confirms an integration's connections here)."""
    record = await _load(session, principal.tenant_id, connection_id, after_delete=True)
    response.headers["ETag"] = editing.version(record)
    return _read(record, settings, factory, principal)


# Said in the document: which credential fields an edit may name depends on the stored
# connection's connector (its schema is GET /v1/connectors), which no schema of this request
# can say, so a well-formed edit may still be refused (422 invalid_credentials naming the field).
@router.patch(
    "/{connection_id}",
    **remote_calls.unseals_credentials(),
    openapi_extra={"x-checked-beyond-schema": True},
)
async def edit_connection(
    connection_id: uuid.UUID,
    edit: ConnectionEdit,
    principal: WriterDep,
    session: SessionDep,
    factory: FactoryDep,
    settings: SettingsDep,
    response: Response,
    if_match: etag.IfMatch = None,
) -> ConnectionRead:
    """Rename it or change its credentials in place (re-tested first: 422
    connection_test_failed and nothing changed when the remote refuses them); its id, its
    integrations and its webhook URL stay. With ``If-Match`` (the ETag of GET): 412
    ``etag_mismatch`` and nothing changed if it was edited since. Stored credentials that no
    longer decrypt are replaced by an edit giving every credential field (one giving only
    some is 409 ``credentials_unreadable``)."""
    record = await _load(session, principal.tenant_id, connection_id)
    edited = await editing.edit(
        session=session,
        factory=factory,
        record=record,
        name=edit.name,
        changes=edit.credentials,
        if_match=if_match,
    )
    response.headers["ETag"] = editing.version(edited)
    return _read(edited, settings, factory, principal)


@router.delete("/{connection_id}", status_code=204)
async def delete_connection(
    connection_id: uuid.UUID,
    request: Request,
    principal: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """409 ``connection_in_use`` (naming the integrations) while an integration uses it.

    The row is held from the check to the delete: the orchestrator saves an integration
    before it confirms its connections here (GET, which waits for the delete), so either the
    check sees the integration or the integration sees no connection."""
    async with session.begin():
        await repository.lock(session, tenant_id=principal.tenant_id, connection_id=connection_id)
        found = await repository.get(
            session, tenant_id=principal.tenant_id, connection_id=connection_id
        )
        if found is None:  # also for another tenant's id: 404, never 403
            raise errors.ConnectionNotFound()
        await in_use.check_unused(
            orchestrator_url=settings.orchestrator_url,
            credentials=integration_owner.caller_credentials(request.headers),
            connection_id=connection_id,
        )
        await repository.remove(session, tenant_id=principal.tenant_id, connection_id=connection_id)
    return Response(status_code=204)


@router.post("/{connection_id}/test", **remote_calls.unseals_credentials())
async def test_connection(
    connection_id: uuid.UUID, principal: WriterDep, session: SessionDep, factory: FactoryDep
) -> ConnectionTestResult:
    record = await _load(session, principal.tenant_id, connection_id)
    return await service.try_connection(session=session, factory=factory, record=record)


@router.get(
    "/{connection_id}/samples/{entity}", **remote_calls.calls_remote(NOT_FOR_THIS_CONNECTION)
)
async def read_samples(
    connection_id: uuid.UUID,
    entity: EntityPath,
    principal: PrincipalDep,
    session: SessionDep,
    factory: FactoryDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> samples.SamplesRead:
    """The first records of the connection's feed, read live (mapper preview, dry run)."""
    record = await _load(session, principal.tenant_id, connection_id)
    return await samples.read(
        session=session, factory=factory, record=record, entity_name=entity, limit=limit
    )


@router.get(
    "/{connection_id}/records/{entity}",
    **remote_calls.calls_remote({**NOT_FOR_THIS_CONNECTION, 429: remote_calls.REMOTE_BUSY}),
)
async def read_records(
    connection_id: uuid.UUID,
    entity: ReconciledEntityPath,
    principal: PrincipalDep,
    session: SessionDep,
    factory: FactoryDep,
    start: Annotated[Instant | None, Query(alias="from")] = None,
    end: Annotated[Instant | None, Query(alias="to")] = None,
    cursor: Annotated[str | None, Query(description=CURSOR)] = None,
    limit: Annotated[int, Query(ge=1, le=250)] = 100,
) -> period_reads.RecordsPage:
    """One page of every order created in [from, to), or of all products or stock levels
    (reconciliation); 429 with ``retry_after`` while the remote's budget is spent."""
    record = await _load(session, principal.tenant_id, connection_id)
    return await period_reads.read(
        session=session,
        factory=factory,
        record=record,
        entity_name=entity,
        start=start,
        end=end,
        cursor=cursor or None,  # empty: the first page, as when absent (a form's empty field)
        limit=limit,
    )


@router.post(
    "/{connection_id}/order-check", **remote_calls.unseals_credentials(NOT_FOR_THIS_CONNECTION)
)
async def check_order(
    connection_id: uuid.UUID,
    check_in: order_checks.OrderCheckIn,
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    factory: FactoryDep,
) -> order_checks.OrderCheckRead:
    """Could this connection book the order as it is (dry run)? Nothing is called or written."""
    order_checks.refuse_lax_values(await request.json())
    record = await _load(session, principal.tenant_id, connection_id)
    return await order_checks.check(factory=factory, record=record, check_in=check_in)


@router.post(
    "/{connection_id}/lookups/{entity}", **remote_calls.calls_remote(NOT_FOR_THIS_CONNECTION)
)
async def look_up(
    connection_id: uuid.UUID,
    entity: LookupEntityPath,
    lookups_in: lookups.LookupsIn,
    principal: PrincipalDep,
    session: SessionDep,
    factory: FactoryDep,
) -> lookups.LookupsRead:
    """What the remote system has per SKU, e-mail or order reference, read live (dry run)."""
    record = await _load(session, principal.tenant_id, connection_id)
    return await lookups.look_up(
        session=session, factory=factory, record=record, entity_name=entity, lookups_in=lookups_in
    )
