"""A run's step history: one short line per thing the runner did (a step's outcome, a command
sent), kept on the run row so ``GET /v1/runs/{id}`` can show it without the activity log.

Only what a dashboard shows: no payloads (the activity log has them, under the run's id)."""

import uuid
from datetime import datetime
from typing import Any

from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.messages.envelope import Message

# A run that keeps coalescing or re-issuing must not grow its row without bound.
MAX_STEPS = 60
MAX_MESSAGE = 500


def noted(
    history: list[dict[str, Any]],
    *,
    audit: list[StepRecordedV1],
    command: Message | None,
    command_id: uuid.UUID,
    now: datetime,
) -> list[dict[str, Any]]:
    """``history`` with this decision's steps and command appended (oldest dropped first)."""
    at = now.isoformat()
    added = [
        {
            "at": at,
            "step": entry.step,
            "outcome": entry.outcome.value,
            "message": (entry.message or "")[:MAX_MESSAGE],
        }
        for entry in audit
    ]
    if command is not None:
        command_type = str(getattr(command, "type", type(command).__name__))
        added.append(
            {
                "at": at,
                "step": "command",
                "outcome": "sent",
                "message": f"sent {command_type}",
                "command_type": command_type,
                "command_id": str(command_id),
            }
        )
    return [*history, *added][-MAX_STEPS:]
