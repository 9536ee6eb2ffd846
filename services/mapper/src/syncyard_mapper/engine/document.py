"""The mapping document a tenant edits: an overlay of fields, constants and drops on a default."""

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from syncyard_common import canonical
from syncyard_mapper.engine import paths
from syncyard_mapper.engine.errors import FieldError

MAX_FIELDS = 300
MAX_EXPRESSION_CHARS = 4000

FLOW_MODELS: dict[str, type[BaseModel]] = {
    "orders": canonical.Order,
    "customers": canonical.Customer,
    "products": canonical.Product,
    "stock": canonical.StockLevel,
    "categories": canonical.Category,
}
"""Flow → the canonical model of both the source record and the mapping's output."""
_PATH_KEYS: dict[str, Any] = {"propertyNames": {"pattern": paths.PATTERN}}
_PATH_ITEMS: dict[str, Any] = {"items": {"type": "string", "pattern": paths.PATTERN}}


class MappingDocument(BaseModel):
    """``{"fields": {path: expr}, "constants": {path: value}, "drop": [path]}``.

    A shipped default uses ``fields`` only. A tenant's document is an overlay on the default
    of the connector pair: its fields override or add, then constants, then drops.
    """

    # At least one of fields, constants or drop (checked below), said in the schema too.
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["fields"], "properties": {"fields": {"minProperties": 1}}},
                {"required": ["constants"], "properties": {"constants": {"minProperties": 1}}},
                {"required": ["drop"], "properties": {"drop": {"minItems": 1}}},
            ]
        },
    )

    format_version: int = Field(default=1, ge=1, le=1)
    description: str | None = Field(default=None, max_length=2000)
    # Keys and drops are target paths; their syntax is said in the document, checked on save.
    fields: dict[str, str] = Field(
        default_factory=dict, max_length=MAX_FIELDS, json_schema_extra=_PATH_KEYS
    )
    constants: dict[str, Any] = Field(
        default_factory=dict, max_length=MAX_FIELDS, json_schema_extra=_PATH_KEYS
    )
    drop: list[str] = Field(
        default_factory=list, max_length=MAX_FIELDS, json_schema_extra=_PATH_ITEMS
    )

    @field_validator("fields", "constants", "drop")
    @classmethod
    def _paths_are_paths(cls, value: Any) -> Any:
        """The paths' syntax, as the document states it: a draft that breaks it is refused
        (422) wherever it is sent, a preview too; which fields exist is checked on save."""
        _check_syntax(value)
        return value

    @model_validator(mode="after")
    def _says_something(self) -> "MappingDocument":
        if not (self.fields or self.constants or self.drop):
            raise ValueError("a mapping needs at least one of fields, constants or drop")
        return self


def _check_syntax(targets: Iterable[str]) -> None:
    for path in targets:
        try:
            paths.parse(path)
        except FieldError as error:
            raise ValueError(f"{path!r}: {error.reason}") from None
