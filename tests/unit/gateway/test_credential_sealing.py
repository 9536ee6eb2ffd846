"""The gateway's stored form of credentials (key_id column, nonce || ciphertext || tag bound to
``tenant_id|connection_id``) is unchanged by moving AES-GCM into syncyard_common.sealing."""

import base64
import os
import uuid

import orjson
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, SecretStr

from syncyard_common import sealing
from syncyard_gateway.connections import credentials

TENANT = uuid.UUID("00000000-0000-4000-8000-000000000001")
CONNECTION = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
KEY = bytes(range(32))
KEYS = sealing.KeyRing.parse(f"current:{base64.b64encode(KEY).decode()}")


class ShopCredentials(BaseModel):
    shop: str
    token: SecretStr


def stored_before() -> sealing.Sealed:
    """A row as the gateway wrote it before the shared module: AES-GCM done by hand."""
    nonce = os.urandom(12)
    plain = orjson.dumps({"shop": "demo", "token": "t0ken"})
    body = AESGCM(KEY).encrypt(nonce, plain, f"{TENANT}|{CONNECTION}".encode())
    return sealing.Sealed(key_id="current", ciphertext=nonce + body)


def unseal(sealed: sealing.Sealed, *, connection_id: uuid.UUID = CONNECTION) -> BaseModel:
    return credentials.unseal(
        KEYS, ShopCredentials, sealed, tenant_id=TENANT, connection_id=connection_id
    )


class TestStoredCredentials:
    def test_a_row_written_before_still_opens(self) -> None:
        opened = unseal(stored_before())
        assert isinstance(opened, ShopCredentials)
        assert opened.token.get_secret_value() == "t0ken"

    def test_a_row_written_now_opens_as_before(self) -> None:
        given = ShopCredentials(shop="demo", token=SecretStr("t0ken"))
        sealed = credentials.seal(KEYS, given, tenant_id=TENANT, connection_id=CONNECTION)
        aad = f"{TENANT}|{CONNECTION}".encode()
        plain = AESGCM(KEY).decrypt(sealed.ciphertext[:12], sealed.ciphertext[12:], aad)
        assert orjson.loads(plain) == {"shop": "demo", "token": "t0ken"}

    def test_a_row_copied_onto_another_connection_is_undecryptable(self) -> None:
        with pytest.raises(credentials.CredentialsUndecryptable):
            unseal(stored_before(), connection_id=uuid.uuid4())

    def test_a_row_whose_key_was_removed_is_undecryptable(self) -> None:
        sealed = stored_before()
        with pytest.raises(credentials.CredentialsUndecryptable, match="not configured"):
            unseal(sealing.Sealed("removed", sealed.ciphertext))

    def test_reseal_moves_a_row_to_the_active_key(self) -> None:
        rotated = sealing.KeyRing.parse(
            f"next:{sealing.generate_key()},current:{base64.b64encode(KEY).decode()}"
        )
        resealed = credentials.reseal(
            rotated, stored_before(), tenant_id=TENANT, connection_id=CONNECTION
        )
        assert resealed.key_id == "next"
        opened = credentials.unseal(
            rotated, ShopCredentials, resealed, tenant_id=TENANT, connection_id=CONNECTION
        )
        assert opened == ShopCredentials(shop="demo", token=SecretStr("t0ken"))
