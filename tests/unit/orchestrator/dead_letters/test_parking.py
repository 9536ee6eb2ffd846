"""What a parked message says about itself, and what a replay sends again."""

import uuid
from datetime import UTC, datetime

import orjson
import pytest

from syncyard_common.broker import consumer
from syncyard_common.messages import Envelope
from syncyard_orchestrator.dead_letters import parking

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
TENANT = uuid.UUID("11111111-2222-3333-4444-555555555555")


def _body() -> bytes:
    envelope = Envelope(
        type="gateway.order.create.v1",
        source="orchestrator",
        subject="#1001",
        tenant_id=TENANT,
        correlation_id=uuid.uuid4(),
        payload={"order": {}},
    )
    return orjson.dumps(envelope.model_dump(mode="json"))


def test_a_message_our_consumer_parked_keeps_its_reason_attempts_and_failure_times() -> None:
    parked_id = uuid.uuid4()
    headers = {
        "tenant_id": str(TENANT),
        "traceparent": "00-abc-def-01",
        consumer.ATTEMPT_HEADER: 8,
        consumer.FIRST_FAILED_AT_HEADER: "2026-12-07T05:09:00+00:00",
        consumer.FIRST_ERROR_HEADER: "connection refused",
        consumer.ERROR_CODE_HEADER: "attempts_exhausted",
        consumer.ERROR_REASON_HEADER: "the till answered 500",
        consumer.PARKED_AT_HEADER: "2026-12-07T06:00:00+00:00",
        consumer.PARKED_ID_HEADER: str(parked_id),
    }
    row = parking.describe(
        dead_letter_queue="gateway.commands.dlq",
        body=_body(),
        headers=headers,
        properties={"message_id": "m-1", "type": "gateway.order.create.v1", "app_id": None},
        now=NOW,
    )
    assert row.id == parked_id
    assert row.tenant_id == TENANT
    assert row.queue == "gateway.commands"
    assert (row.code, row.reason, row.first_reason) == (
        "attempts_exhausted",
        "the till answered 500",
        "connection refused",
    )
    assert row.attempts == 9  # the first try and eight retries
    assert row.first_failed_at == datetime(2026, 12, 7, 5, 9, tzinfo=UTC)
    assert row.last_failed_at == NOW
    assert row.subject == "#1001"
    # A replay starts afresh: no attempt counter, no failure history, the trace kept.
    assert row.headers == {"tenant_id": str(TENANT), "traceparent": "00-abc-def-01"}
    assert row.properties == {"message_id": "m-1", "type": "gateway.order.create.v1"}


def test_a_message_the_broker_dead_lettered_is_named_by_its_death_and_kept_once() -> None:
    headers = {
        "x-first-death-reason": b"delivery_limit",
        "x-delivery-count": 20,
        "x-death": [{"reason": b"delivery_limit", "count": 1, "time": NOW}],
    }
    body = _body()

    def describe() -> parking.Parked:
        return parking.describe(
            dead_letter_queue="orchestrator.events.dlq",
            body=body,
            headers=headers,
            properties={"message_id": "m-2"},
            now=NOW,
        )

    row = describe()
    assert row.code == "delivery_limit"
    assert row.attempts == 20
    assert "crashed or timed out" in row.reason
    assert row.first_failed_at == row.last_failed_at == NOW
    assert describe().id == row.id  # a redelivery is the same parking
    assert row.headers == {}


def test_an_unreadable_message_keeps_the_tenant_of_its_header_or_none() -> None:
    row = parking.describe(
        dead_letter_queue="logger.audit.dlq",
        body=b"\x00not json",
        headers={consumer.ERROR_CODE_HEADER: "unparsable", consumer.ERROR_REASON_HEADER: "bad"},
        properties={"type": "audit.step.recorded.v1"},
        now=NOW,
    )
    assert row.tenant_id is None
    assert row.message_type == "audit.step.recorded.v1"
    assert row.attempts == 1


def test_only_the_topologys_dead_letter_queues_are_known() -> None:
    assert parking.work_queue_of("notifier.events.dlq") == "notifier.events"
    with pytest.raises(KeyError):
        parking.work_queue_of("notifier.events")
    with pytest.raises(KeyError):
        parking.work_queue_of("elsewhere.dlq")
