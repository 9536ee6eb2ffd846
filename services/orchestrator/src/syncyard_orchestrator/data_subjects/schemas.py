"""API models of an erasure: what to erase, and the receipt."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[^@\s]+@[^@\s]+$")
]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]


class EraseRequest(BaseModel):
    """A person, by e-mail address(es) and/or customer reference(s) (the customer's id or
    number in a shop or the till). Both name the same person: every record holding any of
    them is that person's."""

    # At least one of the two, said in the schema as well as checked below.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"minItems": 1}}}
                for name in ("emails", "customer_refs")
            ]
        },
    )
    emails: list[Email] = Field(default_factory=list, max_length=20)
    customer_refs: list[Reference] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _someone(self) -> "EraseRequest":
        if not self.emails and not self.customer_refs:
            raise ValueError("name the person: at least one of emails or customer_refs")
        return self


class ServiceReport(BaseModel):
    erased: dict[str, int] = Field(description="Rows masked per schema.table.")
    at: datetime


class ErasureOut(BaseModel):
    id: uuid.UUID
    status: Literal["pending", "done"]
    subject_hash: str = Field(description="Salted hash of who was erased (no personal data).")
    requested_by: str
    requested_at: datetime
    completed_at: datetime | None
    services: dict[str, ServiceReport] = Field(description="What each service erased, where.")
    waiting_for: list[str] = Field(description="Services that have not reported yet.")
