"""Base class of every canonical record."""

from pydantic import BaseModel, ConfigDict


class CanonicalModel(BaseModel):
    """Immutable, strict about unknown fields so a typo in a mapping is an error, not a drop."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
