"""Who is calling: a tenant and a role, taken only from a verified credential."""

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    VIEWER = "viewer"


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: uuid.UUID
    role: Role
    subject: str
