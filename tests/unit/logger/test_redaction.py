"""Personal data is replaced before storing when the tenant asks; secrets always."""

import uuid
from datetime import UTC, datetime

from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_logger import redaction
from syncyard_logger.entries import service

ORDER = {
    "number": "#1042",
    "email": "anna@example.nl",
    "customer": {"first_name": "Anna", "last_name": "de Vries", "phone": "+31201234567"},
    "billing_address": {"line1": "Keizersgracht 123a", "postcode": "1015 CJ", "city": "Amsterdam"},
    "lines": [{"sku": "100200", "name": "Tulip bulbs", "quantity": 2}],
    "note": "call anna@example.nl before delivery",
}


def _event(**step: object) -> service.AuditEvent:
    message = StepRecordedV1(step="map", outcome=StepOutcome.OK, **step)  # type: ignore[arg-type]
    envelope = Envelope(
        type=message.type,
        source="mapper",
        tenant_id=uuid.uuid4(),
        payload=message.model_dump(mode="json"),
    )
    return service.AuditEvent(envelope=envelope, step=message)


class TestRedactPayload:
    def test_replaces_email_names_phone_and_address_lines(self) -> None:
        redacted = redaction.redact_payload(ORDER)
        assert redacted["email"] == redaction.REDACTED
        assert redacted["customer"] == {
            "first_name": redaction.REDACTED,
            "last_name": redaction.REDACTED,
            "phone": redaction.REDACTED,
        }
        assert redacted["billing_address"]["line1"] == redaction.REDACTED
        assert redacted["note"] == f"call {redaction.REDACTED} before delivery"

    def test_keeps_what_the_log_needs_to_be_useful(self) -> None:
        redacted = redaction.redact_payload(ORDER)
        assert redacted["number"] == "#1042"
        assert redacted["lines"] == ORDER["lines"]
        assert redacted["billing_address"]["city"] == "Amsterdam"

    def test_does_not_change_its_input(self) -> None:
        before = repr(ORDER)
        redaction.redact_payload(ORDER)
        assert repr(ORDER) == before


class TestEntryRow:
    def test_redacts_payloads_message_and_entity_ref_when_asked(self) -> None:
        event = _event(
            source_payload=ORDER,
            entity_ref="anna@example.nl",
            message="Customer anna@example.nl created",
        )
        row = service.to_row(event, redact=True, recorded_at=datetime.now(UTC))
        assert "anna@example.nl" not in repr(row)
        assert "Keizersgracht" not in repr(row)
        assert row["message"] == f"Customer {redaction.REDACTED} created"

    def test_keeps_personal_data_when_not_asked_but_never_secrets(self) -> None:
        event = _event(
            source_payload=ORDER,
            response_payload={"access_token": "shpat_secret", "url": "https://x/?apikey=k1"},
        )
        row = service.to_row(event, redact=False, recorded_at=datetime.now(UTC))
        assert row["source_payload"]["email"] == "anna@example.nl"
        assert "shpat_secret" not in repr(row)
        assert "k1" not in row["response_payload"]["url"]

    def test_row_identity_comes_from_the_envelope(self) -> None:
        event = _event()
        row = service.to_row(event, redact=False, recorded_at=datetime.now(UTC))
        assert (row["id"], row["occurred_at"], row["tenant_id"]) == (
            event.envelope.id,
            event.envelope.time,
            event.envelope.tenant_id,
        )
        assert row["source_service"] == "mapper"
