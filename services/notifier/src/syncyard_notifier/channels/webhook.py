"""Webhook delivery: a Slack-compatible JSON body, signed per Standard Webhooks, no redirects.

The URL passes the shared SSRF guard (R26, ``syncyard_common.egress.address_guard``) when a
channel is saved and again at every send; the send then connects to the address validated
here (with the original Host and SNI), so DNS cannot be re-pointed at an internal address
between the check and the connection.
"""

import ipaddress
import uuid
from typing import Any

import httpx
import orjson

from syncyard_common.egress import address_guard
from syncyard_common.telemetry import scrub, traced_transport
from syncyard_notifier import compose
from syncyard_notifier.channels import signing
from syncyard_notifier.channels.errors import ChannelGone, DeliveryFailed


def body(*, alert_id: uuid.UUID, event: str, content: compose.AlertContent) -> bytes:
    """Slack reads ``text``; other receivers get the structured fields next to it."""
    document: dict[str, Any] = {
        "text": content.text,
        "type": event,
        "alert_id": str(alert_id),
        "title": content.title,
        "link": content.link,
        "fields": content.fields,
    }
    return orjson.dumps(document)


def _pinned_url(target: address_guard.Target, address: address_guard.IPAddress) -> str:
    host = f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else str(address)
    return f"{target.scheme}://{host}:{target.port}{target.path}"


def _host_header(target: address_guard.Target) -> str:
    default_port = 443 if target.scheme == "https" else 80
    return target.host if target.port == default_port else f"{target.host}:{target.port}"


async def send(
    *,
    url: str,
    secret: str,
    message_id: str,
    payload: bytes,
    timestamp: int,
    timeout: float,
    allow_private: bool,
) -> None:
    """POST one alert; raises ChannelGone on 410 and DeliveryFailed on anything but 2xx."""
    try:
        target = address_guard.parse(url, allow_private=allow_private)
        address = await address_guard.resolve(target, allow_private=allow_private)
    except address_guard.TargetRefused as exc:
        raise DeliveryFailed(f"target refused: {exc}") from None
    headers = {
        "content-type": "application/json",
        "user-agent": "Syncyard-Notifier/0.1",
        "host": _host_header(target),
        **signing.headers(secret=secret, message_id=message_id, timestamp=timestamp, body=payload),
    }
    # Connect to the address the guard validated; SNI and Host keep the original name so
    # TLS certificates are still checked against it.
    request_extensions = {"sni_hostname": target.host}
    pinned = _pinned_url(target, address)
    try:
        async with httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            transport=traced_transport(),
        ) as client:
            response = await client.post(
                pinned,
                content=payload,
                headers=headers,
                extensions=request_extensions,
            )
    except httpx.HTTPError as exc:
        # Webhook URLs can hold a token in their path (Slack's do): name only the host.
        detail = str(exc).replace(pinned, target.host).replace(url, target.host)
        reason = scrub.scrub_text(f"{type(exc).__name__}: {detail}")
        raise DeliveryFailed(reason) from None
    if response.status_code == 410:
        raise ChannelGone("the receiver answered 410 Gone")
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"the receiver answered HTTP {response.status_code}")
