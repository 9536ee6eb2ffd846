"""Erasing a person's data (GDPR art. 17): the orchestrator asks every service, each answers.

The request is the one message that names the person; every service masks it in its own
outbox along with the rest, and nothing else carries more than the erasure's id."""

import uuid
from typing import Literal

from pydantic import Field

from syncyard_common.messages.envelope import Message


class DataSubjectEraseRequestedV1(Message):
    """Erase (or irreversibly mask) everything this tenant's services hold about a person."""

    type: Literal["data_subject.erase.requested.v1"] = "data_subject.erase.requested.v1"
    erasure_id: uuid.UUID
    emails: list[str] = Field(default_factory=list, description="Lower-cased e-mail addresses.")
    customer_refs: list[str] = Field(
        default_factory=list, description="The person's customer ids or numbers in shop or till."
    )


class DataSubjectErasedV1(Message):
    """One service's part of an erasure: rows changed per table (no personal data)."""

    type: Literal["data_subject.erased.v1"] = "data_subject.erased.v1"
    erasure_id: uuid.UUID
    service: str
    erased: dict[str, int] = Field(description="Rows masked or deleted per schema.table.")
