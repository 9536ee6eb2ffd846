"""Shared httpx client factory and the mapping of transport failures to connector errors."""

import logging
import urllib.parse
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, NoReturn

import httpx

from syncyard_common.egress.trust import trust_store
from syncyard_common.telemetry import TracedTransport, scrub
from syncyard_gateway.connectors import metrics
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.pacing import Allowance

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
MAX_CONNECTIONS = 8
# Status codes worth retrying later (R16); everything else in 4xx is the request's fault.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# R15: a remote answer larger than this is refused instead of filling the gateway's memory.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
# A 429 without Retry-After: the budget is taken to be back after this long.
REFUSAL_WAIT_SECONDS = 1.0
# Headers that describe the wire encoding, not the decoded body we hand on.
_WIRE_HEADERS = ("content-encoding", "content-length", "transfer-encoding")


def scrub_url(url: str) -> str:
    """The URL without user info and with credential query values as *** (R29)."""
    parts = urllib.parse.urlsplit(url)
    without_user = parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1])
    return scrub.scrub_url(urllib.parse.urlunsplit(without_user))


LIMITS = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
_WIRE_HEADER_KEYS = frozenset(name.encode() for name in _WIRE_HEADERS)


class _NoCookies(httpx.Cookies):
    """A jar that never takes a cookie: always empty, so nothing is ever sent back."""

    def extract_cookies(self, response: httpx.Response) -> None:  # noqa: ARG002
        return None


_NO_COOKIES = _NoCookies()


class _CookielessClient(httpx.AsyncClient):
    """An httpx client that keeps no cookies. Clients are shared per remote host, across
    connections and tenants (egress/clients.py), so a cookie one connection's answer set must
    never go out with another's request; no connector uses cookies. It also saves parsing
    every answer for ``Set-Cookie`` through the standard library's cookie jar: about 50 µs of
    CPU per call, a fifth of httpx's own per-call work."""

    @property  # type: ignore[override]
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, cookies: httpx._types.CookieTypes) -> None:  # noqa: ARG002
        raise TypeError("the gateway's HTTP clients keep no cookies")


def create_client(
    *,
    timeout: httpx.Timeout | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An httpx client with the gateway's timeouts, no redirects and a small pool (R15).

    ``transport`` (built with :data:`LIMITS`) is how the service pins connections to the
    addresses its SSRF guard checked (egress/pinning.py)."""
    # httpx logs every request line, query string included, at INFO; some vendors take
    # credentials as query parameters, so keep that logger quiet (R29).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return _CookielessClient(
        timeout=timeout or httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
        follow_redirects=False,
        # Every call to a remote system is a client span of the run's trace.
        transport=TracedTransport(
            transport or httpx.AsyncHTTPTransport(limits=LIMITS, verify=trust_store())
        ),
    )


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    system: str = "The remote system",
    max_bytes: int = MAX_ANSWER_BYTES,
    **kwargs: Any,
) -> httpx.Response:
    """One request, its answer read up to ``max_bytes``; transport failures become
    ConnectorTransientError (scrubbed), an oversized answer ConnectorDataError."""
    try:
        async with client.stream(method, url, **kwargs) as streamed:
            body = bytearray()
            async for chunk in streamed.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise ConnectorDataError(
                        f"{system} answered with more than {max_bytes} bytes; refused.",
                        code="answer_too_large",
                    )
    except httpx.HTTPError as exc:
        metrics.CALLS.labels(system, "error").inc()
        raise_for_transport(exc, system=system)
    except UnicodeEncodeError:
        # A header (a token, a key) HTTP cannot carry: new credentials are refused so when
        # given, but ones saved before that rule would otherwise fail every call as a 500.
        raise ConnectorAuthError(
            f"The credentials for {system} hold characters an HTTP header cannot carry; "
            "enter them again.",
            code="credentials_not_sendable",
        ) from None
    metrics.CALLS.labels(system, metrics.answer_of(streamed.status_code)).inc()
    # The raw byte pairs: decoding every header to str only to encode it again cost more
    # than the rest of building this response.
    headers = [(k, v) for k, v in streamed.headers.raw if k.lower() not in _WIRE_HEADER_KEYS]
    return httpx.Response(
        streamed.status_code, headers=headers, content=bytes(body), request=streamed.request
    )


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), else None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def refusal(response: httpx.Response) -> Allowance | None:
    """What a 429 says to a vendor that publishes no figures: nothing more goes through for
    Retry-After seconds (one second when it does not say). Any other answer says nothing."""
    if response.status_code != 429:
        return None
    return Allowance(empty_for=retry_after(response) or REFUSAL_WAIT_SECONDS)


def raise_for_transport(exc: httpx.HTTPError, *, system: str = "The remote system") -> NoReturn:
    """Turn a timeout or connection failure into ConnectorTransientError, URL scrubbed."""
    try:
        where = scrub_url(str(exc.request.url))
    except RuntimeError:  # an httpx error raised before a request was attached
        where = "the remote system"
    if isinstance(exc, httpx.TimeoutException):
        what = "did not answer in time"
    else:
        what = "could not be reached"
    # `from None`: the httpx exception's message may carry the raw URL with its credentials.
    raise ConnectorTransientError(
        f"{system} {what} ({type(exc).__name__}) at {where}.", code="unreachable"
    ) from None


def raise_for_status(response: httpx.Response, *, system: str = "The remote system") -> None:
    """Raise ConnectorTransientError for retryable statuses; other statuses are left to callers."""
    if response.status_code in RETRYABLE_STATUSES:
        where = scrub_url(str(response.request.url))
        code = "rate_limited" if response.status_code == 429 else "remote_unavailable"
        raise ConnectorTransientError(
            f"{system} answered HTTP {response.status_code} at {where}; will retry.",
            retry_after=retry_after(response),
            code=code,
        )
