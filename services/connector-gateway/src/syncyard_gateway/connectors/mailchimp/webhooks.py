"""Audience webhook intake: the URL secret, then the form-encoded body -> a customer event.

Mailchimp signs nothing: the secret we put in the webhook URL (`?secret=`) is the proof.
It sends no delivery id either, so the event key is built from type, fired_at and the id."""

import hmac
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from syncyard_gateway.connectors import replay
from syncyard_gateway.connectors.base import Entity, WebhookEvent
from syncyard_gateway.connectors.errors import (
    WebhookMalformed,
    WebhookSignatureInvalid,
    WebhookTopicNotHandled,
)
from syncyard_gateway.connectors.mailchimp.translate import email_id

# The replay window (connectors/replay.py): the vendor retries for 75 minutes.
REPLAY_WINDOW = timedelta(days=3)

TOPICS = ("subscribe", "unsubscribe", "profile", "upemail", "cleaned")


def verify(
    *,
    query: Mapping[str, str],
    body: bytes,
    secret: str,
    list_id: str,
    now: datetime | None = None,
) -> WebhookEvent:
    """Check the URL secret in constant time, then parse and check the age; see WebhookSource."""
    given = query.get("secret", "")
    if not given:
        raise WebhookSignatureInvalid("The webhook URL carries no secret.")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise WebhookSignatureInvalid("The webhook URL secret does not match the connection's.")
    try:
        form = dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        raise WebhookMalformed("The webhook body is not form-encoded.") from None
    sender = form.get("data[list_id]", "")
    if sender != list_id:
        raise WebhookSignatureInvalid(
            f"The webhook is about audience {sender or '(none)'!r}, not this connection's."
        )
    _check_age(form.get("fired_at", ""), now=now)
    topic = form.get("type", "")
    if topic not in TOPICS:
        if not topic:
            raise WebhookMalformed("The webhook body has no type.")
        raise WebhookTopicNotHandled(f"Webhook type {topic!r} is not handled.")
    email = form.get("data[new_email]") if topic == "upemail" else form.get("data[email]")
    if not email:
        raise WebhookMalformed(f"The {topic} webhook body names no e-mail address.")
    delivery_id = form.get("data[id]") or form.get("data[new_id]") or email
    return WebhookEvent(
        topic=topic,
        entity=Entity.CUSTOMERS,
        # The member id (subscriber hash) that get_customer reads; data[id] is another id.
        entity_id=email_id(email),
        event_key=f"{topic}:{form.get('fired_at', '')}:{delivery_id}",
        payload=form,
    )


def _check_age(fired_at: str, *, now: datetime | None) -> None:
    """The replay window on ``fired_at`` ("YYYY-MM-DD HH:MM:SS", taken as UTC; the window of
    days dwarfs any time zone), replay.py."""
    try:
        sent_at = datetime.strptime(fired_at.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise WebhookMalformed("The webhook body has no readable fired_at.") from None
    replay.check_age(sent_at, window=REPLAY_WINDOW, now=now)
