"""Use cases of connections: create (validate, guard, encrypt) and test (one real call)."""

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import credentials, errors, health, live, repository
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.schemas import (
    ConnectionCreate,
    ConnectionTestError,
    ConnectionTestResult,
)
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.connectors import by_name
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.egress import guard

_log = get_logger(__name__)


async def create(
    *,
    session: AsyncSession,
    factory: live.ConnectorFactory,
    tenant_id: uuid.UUID,
    connection_in: ConnectionCreate,
) -> ConnectionRecord:
    """Validate the credentials against the connector, check their targets, store encrypted."""
    try:
        connector_class = by_name.get(connection_in.connector)
    except KeyError:
        raise errors.UnknownConnectorName(connection_in.connector) from None
    secrets = credentials.validate(connector_class.credentials_model, connection_in.credentials)
    try:
        await guard.check_credentials(secrets, allow_private=factory.allow_private_targets)
    except guard.TargetNotAllowed as exc:
        raise errors.InvalidCredentials(
            field=f"credentials.{exc.field}", reason=exc.reason
        ) from None
    try:
        keyring = factory.require_keyring()
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    connection_id = uuid.uuid4()
    now = datetime.now(UTC)
    record = ConnectionRecord(
        id=connection_id,
        tenant_id=tenant_id,
        name=connection_in.name,
        connector=connector_class.name,
        sealed=credentials.seal(keyring, secrets, tenant_id=tenant_id, connection_id=connection_id),
        credential_fields=credentials.fields_set(secrets),
        status=ConnectionStatus.ACTIVE,
        last_error=None,
        created_at=now,
        updated_at=now,
    )
    async with session.begin():
        await repository.add(session, record=record)
    _log.info("connection created", connection_id=str(record.id), connector=record.connector)
    return record


async def try_connection(
    *, session: AsyncSession, factory: live.ConnectorFactory, record: ConnectionRecord
) -> ConnectionTestResult:
    """One real call to the remote; an auth failure marks the connection failing (one alert)."""
    try:
        async with factory.use(record) as connector:
            await connector.test_connection()
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    except connector_errors.ConnectorAuthError as exc:
        async with session.begin():
            await health.record_failure(
                session, record=record, code=exc.code, reason=exc.reason, now=datetime.now(UTC)
            )
        return _failed(exc.code, exc.reason)
    except connector_errors.ConnectorError as exc:
        return _failed(exc.code, exc.reason)
    async with session.begin():
        await health.record_success(session, record=record, now=datetime.now(UTC))
    return ConnectionTestResult(ok=True)


def _failed(code: str, reason: str) -> ConnectionTestResult:
    return ConnectionTestResult(ok=False, error=ConnectionTestError(code=code, reason=reason))
