"""Typed, versioned message schemas. Routing key == ``type``. See ``by_type.MESSAGE_TYPES``."""

from syncyard_common.messages.envelope import Envelope, Message

__all__ = ["Envelope", "Message"]
