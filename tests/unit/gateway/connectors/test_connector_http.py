"""Shared HTTP plumbing: Retry-After, URL scrubbing, transport errors, connectors by name."""

import httpx
import pytest

from syncyard_gateway.connectors import by_name, http, metrics
from syncyard_gateway.connectors.errors import ConnectorTransientError, UnknownConnector

pytestmark = pytest.mark.unit
URL = "https://api.example.nl:34567/path?ident=shop-ident&secret=very-secret&page=2"


def answer(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", URL))


def test_retry_after_seconds_and_http_dates() -> None:
    assert http.retry_after(answer(429, **{"Retry-After": "2.0"})) == 2.0
    assert http.retry_after(answer(429, **{"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0
    assert http.retry_after(answer(429, **{"Retry-After": "soon"})) is None
    assert http.retry_after(answer(429)) is None


def test_scrub_url_hides_credentials_and_user_info() -> None:
    scrubbed = http.scrub_url("https://user:pw@" + URL.removeprefix("https://"))
    assert "very-secret" not in scrubbed
    assert "shop-ident" not in scrubbed
    assert "pw@" not in scrubbed
    assert scrubbed.endswith("path?ident=***&secret=***&page=2")


def test_transport_error_becomes_transient_without_credentials() -> None:
    error = httpx.ConnectError("[Errno 111] Connection refused", request=httpx.Request("POST", URL))
    with pytest.raises(ConnectorTransientError) as caught:
        http.raise_for_transport(error, system="The till")
    assert "could not be reached" in caught.value.reason
    assert "very-secret" not in caught.value.reason
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True


def test_timeout_says_so() -> None:
    error = httpx.ReadTimeout("timed out", request=httpx.Request("POST", URL))
    with pytest.raises(ConnectorTransientError, match="did not answer in time"):
        http.raise_for_transport(error)


def test_429_carries_retry_after_and_4xx_is_left_to_the_caller() -> None:
    with pytest.raises(ConnectorTransientError) as caught:
        http.raise_for_status(answer(429, **{"Retry-After": "1.5"}))
    assert caught.value.retry_after == 1.5
    assert caught.value.code == "rate_limited"
    http.raise_for_status(answer(422))


def test_client_has_no_redirects_and_the_gateway_timeouts() -> None:
    client = http.create_client()
    assert client.follow_redirects is False
    assert client.timeout.connect == 5.0
    assert client.timeout.read == 30.0


def test_connectors_by_name_know_both_and_refuse_others() -> None:
    assert by_name.get("mplus").title == "MplusKASSA"
    assert by_name.get("shopify").title == "Shopify"
    with pytest.raises(UnknownConnector):
        by_name.get("woocommerce")
    with pytest.raises(KeyError):
        by_name.get("woocommerce")


def calls(system: str, answer_class: str) -> float:
    return metrics.CALLS.labels(system, answer_class)._value.get()  # type: ignore[attr-defined,no-any-return]


async def test_every_call_is_counted_by_system_and_answer() -> None:
    statuses = iter([200, 429, 503])

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses), request=request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(respond))
    before = {a: calls("The counted till", a) for a in ("2xx", "429", "5xx", "error")}
    for _ in range(3):
        await http.send(client, "GET", URL, system="The counted till")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    with pytest.raises(ConnectorTransientError):
        await http.send(client, "GET", URL, system="The counted till")
    after = {a: calls("The counted till", a) for a in before}
    assert {a: after[a] - before[a] for a in before} == {"2xx": 1, "429": 1, "5xx": 1, "error": 1}
