"""ConnectorContract: what every connector must do against its simulator (config per vendor)."""

import logging
from typing import Any, ClassVar

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from syncyard_gateway.connectors import by_name
from syncyard_gateway.connectors.base import Capabilities, Connector
from syncyard_gateway.connectors.errors import ConnectorAuthError, ConnectorTransientError


class ConnectorContract:
    """Subclass as ``TestXConnector`` and provide the fixtures below."""

    connector_class: ClassVar[type[Connector]]

    @pytest.fixture
    def credentials(self) -> BaseModel:
        raise NotImplementedError

    @pytest.fixture
    def wrong_credentials(self, credentials: BaseModel) -> BaseModel:
        """The working credentials with one secret changed."""
        raise NotImplementedError

    @pytest.fixture
    def unreachable_credentials(self, credentials: BaseModel) -> BaseModel:
        """The working credentials pointed at a port nobody listens on."""
        raise NotImplementedError

    @pytest.fixture
    def connector(self, credentials: BaseModel, http_client: httpx.AsyncClient) -> Any:
        return self.connector_class(credentials, http=http_client)

    def test_is_registered_under_its_name(self) -> None:
        assert by_name.get(self.connector_class.name) is self.connector_class

    def test_capabilities_say_images_are_not_synced(self) -> None:
        capabilities = self.connector_class.capabilities
        assert isinstance(capabilities, Capabilities)
        assert "images are not synced" in capabilities.not_supported
        assert capabilities.reads or capabilities.writes

    def test_credentials_form_marks_secrets_write_only(self, credentials: BaseModel) -> None:
        schema = self.connector_class.credentials_model.model_json_schema()
        secret_fields = [name for name, value in credentials if isinstance(value, SecretStr)]
        assert secret_fields
        for name in secret_fields:
            assert schema["properties"][name].get("writeOnly") is True

    async def test_connection_succeeds_with_valid_credentials(self, connector: Connector) -> None:
        await connector.test_connection()

    async def test_wrong_credentials_are_an_auth_error_that_hides_them(
        self,
        wrong_credentials: BaseModel,
        http_client: httpx.AsyncClient,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        connector = self.connector_class(wrong_credentials, http=http_client)
        with caplog.at_level(logging.DEBUG), pytest.raises(ConnectorAuthError) as caught:
            await connector.test_connection()
        exposed = f"{caught.value.reason} {caught.value!r} {caplog.text}"
        for secret in _secrets(wrong_credentials):
            assert secret not in exposed

    async def test_unreachable_remote_is_transient_and_hides_credentials(
        self,
        unreachable_credentials: BaseModel,
        http_client: httpx.AsyncClient,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        connector = self.connector_class(unreachable_credentials, http=http_client)
        with caplog.at_level(logging.DEBUG), pytest.raises(ConnectorTransientError) as caught:
            await connector.test_connection()
        exposed = f"{caught.value.reason} {caught.value!r} {caplog.text}"
        for secret in _secrets(unreachable_credentials):
            assert secret not in exposed


def _secrets(credentials: BaseModel) -> list[str]:
    """Every secret value plus identifiers that travel in URLs (Mplus ident)."""
    values = [v.get_secret_value() for _, v in credentials if isinstance(v, SecretStr)]
    values += [v for name, v in credentials if name == "ident" and isinstance(v, str)]
    return values


def closed_port_url() -> str:
    """A loopback URL on a port that was free a moment ago (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
