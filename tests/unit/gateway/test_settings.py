"""GatewaySettings: credential keys are required outside development; private targets are off."""

import pytest
from pydantic import SecretStr, ValidationError

from syncyard_common import sealing
from syncyard_common.settings import Environment
from syncyard_gateway.settings import GatewaySettings

VALID_KEYS = f"k2:{sealing.generate_key()},k1:{sealing.generate_key()}"
REAL_JWT = SecretStr("a-real-signing-secret-for-tests-0123456789")


class TestGatewaySettings:
    def test_private_targets_are_blocked_by_default(self) -> None:
        assert GatewaySettings().allow_private_targets is False

    def test_webhook_limit_defaults_to_ten_mebibytes(self) -> None:
        # Shopify order webhooks of a thousand lines pass 1.7 MB.
        assert GatewaySettings().webhook_max_body_bytes == 10 * 1_048_576

    def test_the_webhook_pool_is_a_setting_of_twenty_by_default(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert GatewaySettings().intake_pool_size == 20
        monkeypatch.setenv("SYNCYARD_INTAKE_POOL_SIZE", "5")
        assert GatewaySettings().intake_pool_size == 5
        monkeypatch.setenv("SYNCYARD_INTAKE_POOL_SIZE", "0")  # asyncpg needs one at least
        with pytest.raises(ValidationError, match="intake_pool_size"):
            GatewaySettings()

    @pytest.mark.parametrize("environment", [Environment.TEST, Environment.PRODUCTION])
    @pytest.mark.parametrize("keys", ["", "k1:short", "garbage"])
    def test_refuses_to_start_without_valid_keys_outside_development(
        self, environment: Environment, keys: str
    ) -> None:
        with pytest.raises(ValidationError, match=r"credential key|CREDENTIAL_KEYS"):
            GatewaySettings(
                environment=environment, jwt_secret=REAL_JWT, credential_keys=SecretStr(keys)
            )

    def test_development_starts_without_keys_but_has_no_keyring(self) -> None:
        settings = GatewaySettings(environment=Environment.DEVELOPMENT)
        with pytest.raises(sealing.InvalidKeys):
            settings.keyring()

    def test_reads_keys_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SYNCYARD_CREDENTIAL_KEYS", VALID_KEYS)
        monkeypatch.setenv("SYNCYARD_ENVIRONMENT", "production")
        monkeypatch.setenv("SYNCYARD_JWT_SECRET", REAL_JWT.get_secret_value())
        settings = GatewaySettings()
        assert settings.keyring().active_key_id == "k2"
        assert VALID_KEYS not in repr(settings)
