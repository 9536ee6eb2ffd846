"""Shared helpers of the Mplus simulator contract tests: live server, SOAP calls, XSD checks."""

import copy
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from lxml import etree

from syncyard_sim_mplus import schema
from syncyard_sim_mplus.app import create_app
from syncyard_sim_mplus.settings import SimulatorSettings

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
NS = {"s": SOAP_ENV, "m": "urn:mplusqapi"}
CREDS = {"ident": "test-ident", "secret": "test-secret"}
WSDL = schema.Wsdl(schema.default_wsdl_path())


@contextmanager
def running_simulator(settings: SimulatorSettings | None = None) -> Iterator[str]:
    """Serve a fresh simulator with uvicorn on a free port; yields its base URL."""
    settings = settings or SimulatorSettings(ident=CREDS["ident"], secret=CREDS["secret"])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def envelope(operation: str, inner: str) -> str:
    return (
        f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP_ENV}" xmlns:ns1="urn:mplusqapi">'
        f"<SOAP-ENV:Body><ns1:{operation}>{inner}</ns1:{operation}></SOAP-ENV:Body>"
        "</SOAP-ENV:Envelope>"
    )


def body_child(raw: bytes) -> etree._Element:
    root = etree.fromstring(raw)
    body = root.find("s:Body", NS)
    assert body is not None
    return body[0]


def assert_valid(element: etree._Element) -> None:
    """Validate one body element against the WSDL's embedded schema (drift fails here)."""
    alone = copy.deepcopy(element)
    if not WSDL.xml_schema.validate(alone):
        raise AssertionError(str(WSDL.xml_schema.error_log))


def call(
    http: httpx.Client, operation: str, inner: str = "", *, params: dict[str, str] | None = None
) -> etree._Element:
    """POST a validated request and return the validated response element (HTTP 200 only)."""
    text = envelope(operation, inner)
    assert_valid(body_child(text.encode()))
    response = http.post(
        "/",
        params=CREDS if params is None else params,
        content=text,
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": operation},
    )
    assert response.status_code == 200, response.text
    element = body_child(response.content)
    assert_valid(element)
    return element


def text(element: etree._Element, path: str) -> str:
    found = element.findtext(path, namespaces=NS)
    assert found is not None, f"{path} missing in {etree.tostring(element)!r}"
    return str(found)


def seed_articles(http: httpx.Client, *articles: dict[str, Any]) -> None:
    http.post("/_sim/articles", json=list(articles)).raise_for_status()
