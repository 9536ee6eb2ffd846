"""An activity-log entry keeps at most the cap of each payload, and says what it cut."""

import uuid
from datetime import UTC, datetime

import orjson

from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_logger.entries import caps
from syncyard_logger.entries.service import AuditEvent, to_row


def _large_order(lines: int) -> dict[str, object]:
    return {
        "id": 4242,
        "email": "jan@example.nl",
        "line_items": [
            {"sku": f"SKU-{n}", "title": "Espresso beans 1 kg " * 5, "quantity": 1}
            for n in range(lines)
        ],
        "note": "x" * 200,
    }


def test_a_small_payload_is_kept_whole() -> None:
    payload = _large_order(3)
    assert caps.cap_payload(payload) == payload


def test_a_large_order_keeps_its_beginning_within_the_cap_and_names_what_was_cut() -> None:
    payload = _large_order(5000)
    capped = caps.cap_payload(payload)
    assert len(orjson.dumps(capped)) <= caps.PAYLOAD_CAP_BYTES
    note = capped[caps.CUT_KEY]
    assert note["cap_bytes"] == caps.PAYLOAD_CAP_BYTES
    assert note["payload_bytes"] == len(orjson.dumps(payload))
    kept = len(capped["line_items"])
    assert 0 < kept < 5000
    # The list took what room there was: the field after it is cut too, and named.
    assert note["cut"] == [f"line_items[{kept}:] ({5000 - kept} of 5000 items)", "note"]
    assert capped["id"] == 4242
    assert capped["email"] == "jan@example.nl"


def test_a_huge_text_is_cut_to_its_start_and_deep_fields_are_reached() -> None:
    payload = {"order": {"id": 1, "comment": "é" * 200_000}}
    capped = caps.cap_payload(payload, cap=10_000)
    assert len(orjson.dumps(capped)) <= 10_000
    assert capped["order"]["id"] == 1
    assert capped["order"]["comment"].startswith("éé")
    assert capped[caps.CUT_KEY]["cut"][0].startswith("order.comment[")


def test_the_stored_entry_is_capped_payloads_and_message_alike() -> None:
    envelope = Envelope(
        type="audit.step.recorded.v1", source="connector-gateway", tenant_id=uuid.uuid4(),
        payload={},
    )  # fmt: skip
    step = StepRecordedV1(
        step="webhook", outcome=StepOutcome.OK, message="m" * 10_000,
        source_payload=_large_order(20_000), response_payload={"ok": True},
    )  # fmt: skip
    row = to_row(AuditEvent(envelope, step), redact=False, recorded_at=datetime.now(UTC))
    assert len(orjson.dumps(row["source_payload"])) <= caps.PAYLOAD_CAP_BYTES
    assert row["source_payload"][caps.CUT_KEY]["cut"][0].startswith("line_items[")
    assert row["response_payload"] == {"ok": True}
    assert len(row["message"]) < 4100
    assert row["message"].endswith("[cut: 6000 more characters over the 4000 cap]")
