"""The one error the engine raises: which target field failed, and why."""


class MappingError(Exception):
    """A mapping could not produce a valid record; the record must not be passed on."""

    code = "mapping_failed"

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class FieldError(Exception):
    """One problem with one field of a mapping document (on save or in a preview)."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason
