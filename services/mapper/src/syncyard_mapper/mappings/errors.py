"""Errors of the mappings API, each with its HTTP status."""

from syncyard_common.web.errors import Conflict, NotFound, Unprocessable
from syncyard_mapper.engine.errors import FieldError


class UnknownFlow(NotFound):
    def __init__(self, flow: str) -> None:
        super().__init__("unknown_flow", f"There is no flow called {flow!r}.")


class NoMapping(NotFound):
    def __init__(self, flow: str) -> None:
        super().__init__(
            "mapping_not_found",
            f"No saved mapping and no default for flow {flow!r}; "
            "pass source_connector and target_connector to pick a default.",
        )


class InvalidMapping(Unprocessable):
    """A mapping refused on save: names the first bad field, lists them all."""

    def __init__(self, problems: list[FieldError]) -> None:
        first = problems[0]
        super().__init__(
            "invalid_mapping",
            f"{first.field}: {first.reason}" if first.field else first.reason,
            field=first.field,
            extra={"errors": [{"field": p.field, "reason": p.reason} for p in problems]},
        )


class VersionConflict(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "mapping_version_conflict", "Another version was saved at the same time; retry."
        )


class MappingVersionNotFound(NotFound):
    def __init__(self, version: int) -> None:
        super().__init__(
            "mapping_version_not_found", f"There is no saved version {version} of this mapping."
        )
