"""Credentials: validate against the connector's model, seal for storage, unseal for use.

Stored as two columns, ``key_id`` and ``credentials_ciphertext`` (nonce || ciphertext || tag),
sealed with ``syncyard_common.sealing`` under SYNCYARD_CREDENTIAL_KEYS and bound to the
tenant and connection (``tenant_id|connection_id``), so a row copied onto another fails.
"""

import re
import uuid
from typing import Any

import orjson
from pydantic import BaseModel, SecretStr, ValidationError

from syncyard_common import sealing
from syncyard_gateway.connections.errors import InvalidCredentials

# Tokens, keys and secrets travel in HTTP headers (X-Auth-Token, Bearer …), which carry
# printable ASCII only: any other character would fail every call to the remote (it did, as
# a 500), so such a value is refused when given. The document says so (schemas.py).
HEADER_TEXT_PATTERN = r"^[\x20-\x7e]*$"
_HEADER_TEXT = re.compile(HEADER_TEXT_PATTERN)


class CredentialsUndecryptable(Exception):
    """Stored credentials do not decrypt: their key was removed, or the row was tampered with
    (or copied from another connection)."""


def validate(model: type[BaseModel], raw: dict[str, Any]) -> BaseModel:
    """Parse user input; the error names the field but never echoes the value given."""
    try:
        credentials = model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InvalidCredentials(field=f"credentials.{field}", reason=first["msg"]) from None
    for name, value in credentials:
        if isinstance(value, SecretStr) and not _HEADER_TEXT.fullmatch(value.get_secret_value()):
            raise InvalidCredentials(
                field=f"credentials.{name}",
                reason="must be printable ASCII, as the remote's tokens and keys are",
            )
    return credentials


def fields_set(credentials: BaseModel) -> list[str]:
    """Names of the fields that hold a value (shown to the merchant instead of the values)."""
    names: list[str] = []
    for name, value in credentials:
        plain = value.get_secret_value() if isinstance(value, SecretStr) else value
        if plain not in (None, ""):
            names.append(name)
    return names


def _reveal(credentials: BaseModel) -> bytes:
    plain = {
        name: value.get_secret_value() if isinstance(value, SecretStr) else value
        for name, value in credentials
    }
    return orjson.dumps(plain, default=str)  # values are str/int/bool/None in practice


def aad_for(*, tenant_id: uuid.UUID, connection_id: uuid.UUID) -> bytes:
    """Additional data binding a ciphertext to its row, so swapped rows fail to decrypt."""
    return f"{tenant_id}|{connection_id}".encode()


def seal(
    keyring: sealing.KeyRing,
    credentials: BaseModel,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
) -> sealing.Sealed:
    aad = aad_for(tenant_id=tenant_id, connection_id=connection_id)
    return sealing.seal(keyring, _reveal(credentials), aad=aad)


def unseal(
    keyring: sealing.KeyRing,
    model: type[BaseModel],
    sealed: sealing.Sealed,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
) -> BaseModel:
    """Decrypt and re-validate; raises CredentialsUndecryptable when tampered."""
    aad = aad_for(tenant_id=tenant_id, connection_id=connection_id)
    try:
        plain = sealing.open_sealed(keyring, sealed, aad=aad)
    except sealing.Unreadable as exc:
        raise CredentialsUndecryptable(f"credentials: {exc}") from None
    return model.model_validate(orjson.loads(plain))


def reseal(
    keyring: sealing.KeyRing,
    sealed: sealing.Sealed,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
) -> sealing.Sealed:
    """Key rotation: re-encrypt with the active key (unchanged when it sealed them already);
    raises CredentialsUndecryptable when no configured key opens them."""
    aad = aad_for(tenant_id=tenant_id, connection_id=connection_id)
    try:
        return sealing.reseal(keyring, sealed, aad=aad)
    except sealing.Unreadable as exc:
        raise CredentialsUndecryptable(f"credentials: {exc}") from None
