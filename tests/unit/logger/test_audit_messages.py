"""One audit message for several steps: built by the publishers, unpacked by the logger."""

import uuid

import pytest

from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import (
    MAX_STEPS,
    StepOutcome,
    StepRecordedV1,
    StepsRecordedV1,
    recorded,
)
from syncyard_logger.consumers import entries_of


def _steps(count: int) -> list[StepRecordedV1]:
    return [StepRecordedV1(step=f"step{i}", outcome=StepOutcome.OK) for i in range(count)]


def _envelope(message: StepRecordedV1 | StepsRecordedV1) -> Envelope:
    return Envelope(
        type=message.type,
        source="connector-gateway",
        tenant_id=uuid.uuid4(),
        payload=message.model_dump(mode="json"),
    )


def test_one_step_stays_a_single_entry_message() -> None:
    (step,) = _steps(1)
    assert recorded([step]) == [step]
    assert recorded([]) == []


def test_several_steps_go_in_one_message_in_their_order() -> None:
    steps = _steps(5)
    (message,) = recorded(steps)
    assert isinstance(message, StepsRecordedV1)
    assert message.steps == steps


def test_more_steps_than_one_message_holds_are_split() -> None:
    messages = recorded(_steps(MAX_STEPS + 1))
    assert [len(m.steps) for m in messages if isinstance(m, StepsRecordedV1)] == [MAX_STEPS, 1]


def test_the_logger_stores_each_step_under_its_own_stable_id_in_order() -> None:
    envelope = _envelope(StepsRecordedV1(steps=_steps(3)))
    events = entries_of(envelope)
    again = entries_of(envelope)  # a redelivery: the same ids, so nothing is stored twice
    assert [e.step.step for e in events] == ["step0", "step1", "step2"]
    assert [e.envelope.id for e in events] == [e.envelope.id for e in again]
    assert len({e.envelope.id for e in events}) == 3
    times = [e.envelope.time for e in events]
    assert times == sorted(times)
    assert len(set(times)) == 3
    assert all(e.envelope.tenant_id == envelope.tenant_id for e in events)


def test_a_single_step_keeps_the_envelope_id() -> None:
    (step,) = _steps(1)
    envelope = _envelope(step)
    (event,) = entries_of(envelope)
    assert event.envelope.id == envelope.id
    assert event.step == step


def test_another_type_is_refused_for_good() -> None:
    envelope = Envelope(type="order.received.v1", source="x", tenant_id=uuid.uuid4())
    with pytest.raises(PermanentError):
        entries_of(envelope)
