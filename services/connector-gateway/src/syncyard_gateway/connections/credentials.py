"""Credentials: validate against the connector's model, seal for storage, unseal for use."""

import re
import uuid
from typing import Any

import orjson
from pydantic import BaseModel, SecretStr, ValidationError

from syncyard_gateway.connections import crypto
from syncyard_gateway.connections.errors import InvalidCredentials

# Tokens, keys and secrets travel in HTTP headers (X-Auth-Token, Bearer …), which carry
# printable ASCII only: any other character would fail every call to the remote (it did, as
# a 500), so such a value is refused when given. The document says so (schemas.py).
HEADER_TEXT_PATTERN = r"^[\x20-\x7e]*$"
_HEADER_TEXT = re.compile(HEADER_TEXT_PATTERN)


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


def seal(
    keyring: crypto.KeyRing,
    credentials: BaseModel,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
) -> crypto.Sealed:
    aad = crypto.aad_for(tenant_id=tenant_id, connection_id=connection_id)
    return crypto.encrypt(keyring, _reveal(credentials), aad=aad)


def unseal(
    keyring: crypto.KeyRing,
    model: type[BaseModel],
    sealed: crypto.Sealed,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
) -> BaseModel:
    """Decrypt and re-validate; raises crypto.CredentialsUndecryptable when tampered."""
    aad = crypto.aad_for(tenant_id=tenant_id, connection_id=connection_id)
    return model.model_validate(orjson.loads(crypto.decrypt(keyring, sealed, aad=aad)))
