"""The gateway's HTTP client: shared by every connection to a host, so it keeps no cookies;
``send`` hands on the decoded answer with the headers that still describe it."""

import gzip

import httpx

from syncyard_gateway.connectors import http as connector_http

SHARED_HOST = "https://till.example"


async def test_a_cookie_one_connection_was_given_never_goes_out_with_another_request() -> None:
    seen: list[str | None] = []

    def remote(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Cookie"))
        return httpx.Response(200, headers={"Set-Cookie": "session=tenant-a; Path=/"})

    client = connector_http.create_client(transport=httpx.MockTransport(remote))
    async with client:
        await connector_http.send(client, "GET", f"{SHARED_HOST}/a", headers={"X-Key": "a"})
        await connector_http.send(client, "GET", f"{SHARED_HOST}/b", headers={"X-Key": "b"})
    assert seen == [None, None]
    assert not client.cookies


async def test_the_answer_is_decoded_and_keeps_its_other_headers() -> None:
    body = b'{"ok": true}'

    def remote(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                "X-Rate-Limit-Requests-Left": "7",
            },
            content=gzip.compress(body),
        )

    client = connector_http.create_client(transport=httpx.MockTransport(remote))
    async with client:
        answer = await connector_http.send(client, "GET", f"{SHARED_HOST}/orders")
    assert answer.content == body
    assert answer.json() == {"ok": True}
    assert answer.headers["X-Rate-Limit-Requests-Left"] == "7"
    assert answer.headers["content-type"] == "application/json"
    assert "content-encoding" not in answer.headers
