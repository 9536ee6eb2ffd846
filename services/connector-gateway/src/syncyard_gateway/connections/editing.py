"""Edit a connection in place: its name and credentials, re-tested before anything is saved.

The id stays, so the integrations that use it and its webhook URL stay too. Credential fields
left out of the edit keep their stored values: a merchant changing the till's address need not
type its secret again (secrets are never shown, so they could not)."""

import dataclasses
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.telemetry import get_logger
from syncyard_common.web import etag
from syncyard_gateway.connections import credentials, errors, health, live, repository
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.connectors import by_name
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.egress import guard

_log = get_logger(__name__)


def merged(stored: BaseModel, changes: dict[str, Any]) -> dict[str, Any]:
    """The stored credentials in clear with the changed fields on top (None clears a field)."""
    plain = {
        name: value.get_secret_value() if isinstance(value, SecretStr) else value
        for name, value in stored
    }
    return {**plain, **changes}


def version(record: ConnectionRecord) -> str:
    """The connection's ETag: its name and (sealed) credentials, what an edit changes."""
    return etag.tag(record.name, record.credential_fields, record.sealed.ciphertext)


async def edit(
    *,
    session: AsyncSession,
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    name: str | None,
    changes: dict[str, Any] | None,
    if_match: str | None = None,
) -> ConnectionRecord:
    """Validate and test the edited credentials with one real call; only when the remote
    accepts them is the row changed (and a failing connection active again).
    ``if_match``: the ETag the caller read; 412 etag_mismatch if it changed since."""
    now = datetime.now(UTC)
    sealed, fields = record.sealed, record.credential_fields
    if changes:
        model = by_name.get(record.connector).credentials_model
        secrets = _edited_credentials(factory, record, model, changes)
        try:
            await guard.check_credentials(secrets, allow_private=factory.allow_private_targets)
        except guard.TargetNotAllowed as exc:
            raise errors.InvalidCredentials(
                field=f"credentials.{exc.field}", reason=exc.reason
            ) from None
        sealed = credentials.seal(
            factory.require_keyring(), secrets, tenant_id=record.tenant_id, connection_id=record.id
        )
        fields = credentials.fields_set(secrets)
        candidate = ConnectionRecord(
            **{**vars(record), "sealed": sealed, "credential_fields": fields}
        )
        await _must_work(factory, candidate)
    edited = ConnectionRecord(
        **{
            **vars(record),
            "name": name if name is not None else record.name,
            "sealed": sealed,
            "credential_fields": fields,
            "updated_at": now,
        }
    )
    async with session.begin():
        if if_match is not None:
            await repository.lock(session, tenant_id=record.tenant_id, connection_id=record.id)
            current = await repository.get(
                session, tenant_id=record.tenant_id, connection_id=record.id
            )
            etag.check(if_match, version(current) if current else '"deleted"')
        await repository.replace(session, record=edited)
        # They just worked: a failing connection recovers (one message, through the outbox).
        if changes and await health.record_success(session, record=edited, now=now):
            edited = dataclasses.replace(edited, status=ConnectionStatus.ACTIVE, last_error=None)
    _log.info(
        "connection edited",
        connection_id=str(record.id),
        credentials_changed=sorted(changes or {}),
    )
    return edited


def _edited_credentials(
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    model: type[BaseModel],
    changes: dict[str, Any],
) -> BaseModel:
    """The stored credentials with ``changes`` on top, validated. Stored ones that no longer
    decrypt are replaced by ``changes`` alone when they give every required field (entered
    again); when they do not, 409 credentials_unreadable."""
    try:
        stored = factory.unseal(record)
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        required = (name for name, field in model.model_fields.items() if field.is_required())
        if any(name not in changes for name in required):
            raise errors.CredentialsUnreadable() from None
        return credentials.validate(model, changes)
    return credentials.validate(model, merged(stored, changes))


async def _must_work(factory: live.ConnectorFactory, candidate: ConnectionRecord) -> None:
    try:
        async with factory.use(candidate) as connector:
            await connector.test_connection()
    except connector_errors.ConnectorError as exc:
        raise errors.EditedCredentialsRefused(code=exc.code, reason=exc.reason) from None
