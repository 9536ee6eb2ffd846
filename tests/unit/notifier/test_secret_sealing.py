"""Webhook signing secrets are sealed with AES-GCM, bound to tenant and channel."""

import base64
import os
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr, ValidationError

from syncyard_common.settings import Environment
from syncyard_notifier.channels import secret_storage
from syncyard_notifier.settings import NotifierSettings

pytestmark = pytest.mark.unit

KEY = bytes(range(32))


class TestSeal:
    def test_round_trips_and_never_stores_the_plain_secret(self) -> None:
        tenant_id, channel_id = uuid.uuid4(), uuid.uuid4()
        sealed = secret_storage.seal(
            key=KEY, tenant_id=tenant_id, channel_id=channel_id, secret="whsec_abc"
        )
        assert b"whsec_abc" not in sealed
        assert (
            secret_storage.open_sealed(
                key=KEY, tenant_id=tenant_id, channel_id=channel_id, sealed=sealed
            )
            == "whsec_abc"
        )

    def test_a_ciphertext_moved_to_another_channel_does_not_open(self) -> None:
        tenant_id = uuid.uuid4()
        sealed = secret_storage.seal(
            key=KEY, tenant_id=tenant_id, channel_id=uuid.uuid4(), secret="s"
        )
        with pytest.raises(secret_storage.SecretUnreadable):
            secret_storage.open_sealed(
                key=KEY, tenant_id=tenant_id, channel_id=uuid.uuid4(), sealed=sealed
            )

    def test_a_secret_stored_before_still_opens(self) -> None:
        # The stored form, written by hand: key id byte 1 | nonce | ciphertext+tag.
        tenant_id, channel_id = uuid.uuid4(), uuid.uuid4()
        nonce = os.urandom(12)
        aad = f"{tenant_id}|{channel_id}|signing_secret".encode()
        stored = bytes([1]) + nonce + AESGCM(KEY).encrypt(nonce, b"whsec_old", aad)
        opened = secret_storage.open_sealed(
            key=KEY, tenant_id=tenant_id, channel_id=channel_id, sealed=stored
        )
        assert opened == "whsec_old"
        sealed = secret_storage.seal(
            key=KEY, tenant_id=tenant_id, channel_id=channel_id, secret="s"
        )
        assert sealed[0] == 1
        assert AESGCM(KEY).decrypt(sealed[1:13], sealed[13:], aad) == b"s"

    @pytest.mark.parametrize("change", ["key_id", "tag", "key"])
    def test_another_key_id_a_tampered_tag_or_another_key_does_not_open(self, change: str) -> None:
        tenant_id, channel_id = uuid.uuid4(), uuid.uuid4()
        sealed = bytearray(
            secret_storage.seal(key=KEY, tenant_id=tenant_id, channel_id=channel_id, secret="s")
        )
        key = KEY
        if change == "key_id":
            sealed[0] = 2
        elif change == "tag":
            sealed[-1] ^= 1
        else:
            key = bytes(reversed(KEY))
        with pytest.raises(secret_storage.SecretUnreadable):
            secret_storage.open_sealed(
                key=key, tenant_id=tenant_id, channel_id=channel_id, sealed=bytes(sealed)
            )


class TestKeyFromSettings:
    def test_uses_the_configured_key(self) -> None:
        settings = NotifierSettings(notifier_secret_key=SecretStr(base64.b64encode(KEY).decode()))
        assert secret_storage.key_from_settings(settings) == KEY

    def test_refuses_a_configured_key_that_is_not_32_bytes(self) -> None:
        settings = NotifierSettings(notifier_secret_key=SecretStr(base64.b64encode(b"k").decode()))
        with pytest.raises(ValueError, match="SYNCYARD_NOTIFIER_SECRET_KEY must be base64 of 32"):
            secret_storage.key_from_settings(settings)

    def test_outside_production_a_key_is_derived_from_the_jwt_secret(self) -> None:
        settings = NotifierSettings(jwt_secret=SecretStr("j" * 40))
        derived = secret_storage.key_from_settings(settings)
        assert len(derived) == 32
        assert derived == secret_storage.key_from_settings(settings)

    def test_production_refuses_to_start_without_a_key_or_with_private_targets(self) -> None:
        with pytest.raises(ValidationError, match="NOTIFIER_SECRET_KEY"):
            NotifierSettings(environment=Environment.PRODUCTION, jwt_secret=SecretStr("x" * 40))
        with pytest.raises(ValidationError, match="ALLOW_PRIVATE_TARGETS"):
            NotifierSettings(
                environment=Environment.PRODUCTION,
                jwt_secret=SecretStr("x" * 40),
                notifier_secret_key=SecretStr(base64.b64encode(KEY).decode()),
                allow_private_targets=True,
            )
