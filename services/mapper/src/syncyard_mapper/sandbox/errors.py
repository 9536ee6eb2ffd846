"""What a draft run in the sandbox answers when an evaluation limit stops it."""

from syncyard_common.web.errors import Unprocessable


class MappingLimit(Unprocessable):
    """A draft stopped by an evaluation limit (time, memory, range or output size)."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(
            "mapping_limit_exceeded",
            f"{field}: {reason}" if field else reason,
            field=field,
            extra={"limit": reason},
        )
