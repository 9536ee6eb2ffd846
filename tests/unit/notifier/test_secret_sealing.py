"""Webhook signing secrets are sealed with AES-GCM, bound to tenant and channel."""

import base64
import uuid

import pytest
from pydantic import SecretStr, ValidationError

from syncyard_common.settings import Environment
from syncyard_notifier.channels import encryption
from syncyard_notifier.settings import NotifierSettings

pytestmark = pytest.mark.unit

KEY = bytes(range(32))


class TestSeal:
    def test_round_trips_and_never_stores_the_plain_secret(self) -> None:
        tenant_id, channel_id = uuid.uuid4(), uuid.uuid4()
        sealed = encryption.seal(
            key=KEY, tenant_id=tenant_id, channel_id=channel_id, secret="whsec_abc"
        )
        assert b"whsec_abc" not in sealed
        assert (
            encryption.open_sealed(
                key=KEY, tenant_id=tenant_id, channel_id=channel_id, sealed=sealed
            )
            == "whsec_abc"
        )

    def test_a_ciphertext_moved_to_another_channel_does_not_open(self) -> None:
        tenant_id = uuid.uuid4()
        sealed = encryption.seal(key=KEY, tenant_id=tenant_id, channel_id=uuid.uuid4(), secret="s")
        with pytest.raises(encryption.SecretUnreadable):
            encryption.open_sealed(
                key=KEY, tenant_id=tenant_id, channel_id=uuid.uuid4(), sealed=sealed
            )


class TestKeyFromSettings:
    def test_uses_the_configured_key(self) -> None:
        settings = NotifierSettings(notifier_secret_key=SecretStr(base64.b64encode(KEY).decode()))
        assert encryption.key_from_settings(settings) == KEY

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
