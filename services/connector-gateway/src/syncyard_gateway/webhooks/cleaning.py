"""Text a shop sent that no store can hold is cleaned before the webhook is stored.

The rule is ``syncyard_common.web.text`` (NUL and C0 controls removed, lone surrogates made
U+FFFD). Cleaning comes after the signature check, which covers the raw bytes as sent."""

import dataclasses

from syncyard_common.web import text
from syncyard_gateway.connectors.base import WebhookEvent


def cleaned(event: WebhookEvent, body: bytes) -> WebhookEvent:
    """``event`` with its texts cleaned; the payload is walked only when it may need it."""
    payload = event.payload
    # JSON can carry such text only as an escape or a raw byte the scan sees; any other body
    # (form-encoded: %00) is parsed from percent escapes, so it is always walked.
    if not body[:64].lstrip().startswith(b"{") or text.may_need_cleaning(body):
        payload = text.clean(payload)
    return dataclasses.replace(
        event,
        topic=text.clean_text(event.topic),
        entity_id=text.clean_text(event.entity_id),
        event_key=text.clean_text(event.event_key),
        payload=payload,
    )
