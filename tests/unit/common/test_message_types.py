"""Every message type is listed once, and every binding in the topology has a model."""

import fnmatch

from syncyard_common.broker import topology
from syncyard_common.messages import by_type


def _matches(pattern: str, routing_key: str) -> bool:
    # AMQP topic patterns: '#' matches any number of words, here enough for our bindings.
    return fnmatch.fnmatchcase(routing_key, pattern.replace("#", "*"))


def test_every_binding_routes_at_least_one_registered_type() -> None:
    for spec in topology.QUEUES.values():
        for binding in spec.bindings:
            # The bulk and start lanes route the same types under a "bulk." / "start." prefix
            # (Envelope.routing_key).
            assert any(
                _matches(binding, t)
                or _matches(binding, f"bulk.{t}")
                or _matches(binding, f"start.{t}")
                for t in by_type.MESSAGE_TYPES
            ), binding


def test_every_registered_type_reaches_exactly_one_queue() -> None:
    for message_type in by_type.MESSAGE_TYPES:
        queues = [
            spec.name
            for spec in topology.QUEUES.values()
            if any(_matches(b, message_type) for b in spec.bindings)
        ]
        if message_type == "data_subject.erase.requested.v1":
            # The one broadcast: a person's erasure reaches one queue of every service.
            services = topology.DATA_SUBJECT_SERVICES
            assert queues == [f"{service}.data_subjects" for service in services]
            continue
        assert len(queues) == 1, (message_type, queues)


def test_type_names_are_versioned_and_lower_case() -> None:
    for message_type, model in by_type.MESSAGE_TYPES.items():
        assert message_type == message_type.lower()
        assert message_type.rsplit(".", 1)[-1].startswith("v")
        assert model.model_fields["type"].default == message_type
