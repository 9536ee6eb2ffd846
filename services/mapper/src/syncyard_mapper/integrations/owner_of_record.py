"""The owner of record wins (decision 0010): what the mapper does when the orchestrator names
an integration's tenant. Pure: the caller reads the recorded claim and applies the answer."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Settlement:
    """``owner``: the tenant to record; ``squatter``: a tenant whose claim gives way (its rows
    for the integration are removed); ``is_change``: the recorded claim must be rewritten."""

    owner: uuid.UUID
    squatter: uuid.UUID | None
    is_change: bool


def settle(*, claimed_by: uuid.UUID | None, announced: uuid.UUID) -> Settlement:
    """``claimed_by``: the tenant the mapper recorded (a first write's provisional claim, a
    run's, or an earlier announcement), None when nobody claimed the id; ``announced``: the
    tenant the orchestrator, which owns integrations, says owns it. The announcement wins."""
    if claimed_by == announced:
        return Settlement(owner=announced, squatter=None, is_change=False)
    return Settlement(owner=announced, squatter=claimed_by, is_change=True)
