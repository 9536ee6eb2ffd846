"""What a run sent, read from its activity log. Pure: entries in, the mapping step out.

The run itself drops the record's data when it ends (it is kept only in the activity log, for
the tenant's retention period), so the log is where "what was sent" lives: the mapper logs each
``map`` step with the canonical record it read (``source_payload``) and the record it produced
(``sent_payload``), which is what the run then sent to the target."""

from dataclasses import dataclass
from typing import Any

MAPPER = "mapper"


@dataclass(frozen=True)
class MappedRecord:
    """The source record of the run's latest mapping step and what that mapping made of it."""

    source: dict[str, Any]
    sent: dict[str, Any] | None
    """None when that mapping failed: nothing was sent."""
    mapping_version: int | None
    mapped_at: str | None


def last_mapping(entries: list[dict[str, Any]]) -> MappedRecord | None:
    """The latest ``map`` step the mapper logged for the run (a retried run maps again, and
    the latest is what was sent last); None when the run was never mapped or its log expired."""
    for entry in reversed(entries):
        source = entry.get("source_payload")
        if entry.get("step") != "map" or entry.get("source_service") != MAPPER:
            continue
        if not isinstance(source, dict):
            continue
        sent = entry.get("sent_payload")
        is_ok = entry.get("outcome") == "ok" and isinstance(sent, dict)
        version = entry.get("mapping_version")
        return MappedRecord(
            source=source,
            sent=sent if is_ok else None,
            mapping_version=version if isinstance(version, int) else None,
            mapped_at=entry.get("occurred_at"),
        )
    return None
