"""The shared send() against a real server: size cap, decoded bodies, scrubbed failures."""

import httpx
import pytest

from syncyard_gateway.connectors import http
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorTransientError
from tests.contract.connectors.base import closed_port_url


async def test_answer_within_the_cap_is_returned_whole(
    mplus_url: str, http_client: httpx.AsyncClient
) -> None:
    answer = await http.send(http_client, "GET", f"{mplus_url}/", params={"wsdl": ""})
    assert answer.status_code == 200
    assert b"urn:mplusqapi" in answer.content
    assert int(answer.headers["content-length"]) == len(answer.content)


async def test_answer_over_the_cap_is_refused(
    mplus_url: str, http_client: httpx.AsyncClient
) -> None:
    with pytest.raises(ConnectorDataError) as caught:
        await http.send(http_client, "GET", f"{mplus_url}/", params={"wsdl": ""}, max_bytes=1000)
    assert caught.value.code == "answer_too_large"


async def test_refused_connection_is_transient_and_scrubbed(
    http_client: httpx.AsyncClient,
) -> None:
    url = closed_port_url()
    with pytest.raises(ConnectorTransientError) as caught:
        await http.send(http_client, "POST", url, params={"ident": "who", "secret": "s3cr3t"})
    assert "s3cr3t" not in caught.value.reason
    assert "secret=***" in caught.value.reason
