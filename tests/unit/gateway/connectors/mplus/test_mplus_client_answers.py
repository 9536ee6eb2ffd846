"""How MplusKASSA answers map to results and connector errors (no network)."""

from pathlib import Path

import httpx
import pytest

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.mplus import payloads, soap
from syncyard_gateway.connectors.mplus.client import read_answer

pytestmark = pytest.mark.unit
PAYLOADS = Path(__file__).parent / "payloads"
URL = "https://api.example.nl:34567/?ident=shop-ident&secret=very-secret"


def response(status: int, name: str | None = None, content: bytes = b"") -> httpx.Response:
    body = (PAYLOADS / name).read_bytes() if name else content
    return httpx.Response(status, content=body, request=httpx.Request("POST", URL))


def test_replayed_order_answer_is_ok_and_marked_as_replay() -> None:
    answer = payloads.read_create_order(read_answer(response(200, "create_order_replay.xml"), "x"))
    assert answer == payloads.OrderAnswer(
        result="CREATE-ORDER-RESULT-OK",
        order_id="ORD-2025-000123",
        is_replay=True,
        error_message=None,
    )


def test_failed_order_answer_keeps_the_error_message() -> None:
    answer = payloads.read_create_order(read_answer(response(200, "create_order_failed.xml"), "x"))
    assert answer.result == "CREATE-ORDER-RESULT-FAILED"
    assert answer.error_message == "Article 999 not found"
    assert answer.order_id is None
    assert answer.is_replay is False


def test_client_fault_about_credentials_is_an_auth_error_without_the_secret() -> None:
    with pytest.raises(ConnectorAuthError) as caught:
        read_answer(response(500, "fault_auth.xml"), "getApiVersion")
    assert "ident/secret" in caught.value.reason
    assert "very-secret" not in caught.value.reason
    assert "shop-ident" not in caught.value.reason


def test_other_client_fault_is_a_data_error() -> None:
    with pytest.raises(ConnectorDataError, match="Unexpected element"):
        read_answer(response(500, "fault_client_unknown_element.xml"), "createRelation")


def test_server_fault_is_transient() -> None:
    with pytest.raises(ConnectorTransientError, match="Database unavailable"):
        read_answer(response(500, "fault_server.xml"), "findOrder")


def test_http_401_is_an_auth_error() -> None:
    with pytest.raises(ConnectorAuthError):
        read_answer(response(401, content=b"Unauthorized"), "findOrder")


@pytest.mark.parametrize("status", [502, 503, 200])
def test_unreadable_answer_is_transient_and_scrubbed(status: int) -> None:
    with pytest.raises(ConnectorTransientError) as caught:
        read_answer(response(status, content=b"<html>gateway</html>"), "findOrder")
    assert "very-secret" not in str(caught.value)
    assert "shop-ident" not in str(caught.value)


def test_unreadable_404_points_at_the_base_url() -> None:
    with pytest.raises(ConnectorDataError, match="base URL"):
        read_answer(response(404, content=b"Not Found"), "findOrder")


def test_api_version_is_read_from_its_parts() -> None:
    raw = soap.build_envelope(
        "getApiVersionResponse", {"majorNumber": 67, "minorNumber": 1, "revisionNumber": 3}
    )
    assert payloads.read_api_version(soap.read_body(raw)) == "67.1.3"
