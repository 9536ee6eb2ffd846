"""API models of API keys. Only the answer to a create carries the secret, and only once."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from syncyard_common.auth.principal import Role


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="What the key is for.")
    role: Role = Field(description="What the key may do: admin, operator or viewer.")


class ApiKeyRead(BaseModel):
    id: uuid.UUID
    name: str
    role: Role
    prefix: str = Field(description="The secret's first characters, to tell keys apart.")
    created_at: datetime
    last_used_at: datetime | None = Field(description="Noted at most once a minute.")
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    secret: str = Field(
        description="Send as `Authorization: Bearer <secret>` or `X-API-Key: <secret>`. "
        "Shown only now: only its hash is kept."
    )
