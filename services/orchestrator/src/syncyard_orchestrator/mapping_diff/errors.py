"""Errors of the mapping diff, each with its HTTP status."""

import uuid

from syncyard_common.web.errors import Conflict, NotFound


class RunNotMapped(Conflict):
    def __init__(self, run_id: uuid.UUID) -> None:
        super().__init__(
            "run_not_mapped",
            f"Run {run_id} has no mapped record in its activity log: it ended before its "
            "mapping step, its flow maps nothing, or its log has passed the retention period.",
        )


class MappingVersionNotFound(NotFound):
    def __init__(self, version: int) -> None:
        super().__init__(
            "mapping_version_not_found",
            f"There is no saved version {version} of this flow's mapping.",
            field="version",
        )
