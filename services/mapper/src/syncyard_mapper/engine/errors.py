"""The errors the engine raises: which target field failed, and why."""

from typing import Any

LIMIT_CODE = "mapping_limit_exceeded"


class MappingError(Exception):
    """A mapping could not produce a valid record; the record must not be passed on."""

    code = "mapping_failed"

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        # Evaluation runs in worker processes: errors cross back pickled.
        return (type(self), (self.field, self.reason))


class MappingLimitExceeded(MappingError):
    """A mapping stopped by one of the evaluation limits (time, memory, range, output)."""

    code = LIMIT_CODE


class FieldError(Exception):
    """One problem with one field of a mapping document (on save or in a preview)."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.reason))


class LimitExceeded(FieldError):
    """A field stopped by an evaluation limit; its reason names the limit."""

    code = LIMIT_CODE
