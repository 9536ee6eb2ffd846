"""Target paths: ``customer.email``, ``lines[]``; parsed, checked against a model, assigned."""

import re
import types
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from syncyard_mapper.engine.errors import FieldError

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SEGMENT = re.compile(rf"(?P<name>{_NAME})(?P<is_list>\[\])?")
PATTERN = rf"^{_NAME}(\.{_NAME})*(\[\])?$"
"""A target path's syntax, for the OpenAPI document (which fields a flow's model has is
checked on save: one document serves every flow)."""


@dataclass(frozen=True)
class Segment:
    name: str
    is_list: bool


def parse(path: str) -> tuple[Segment, ...]:
    """Split a target path; ``[]`` is allowed on the last segment only."""
    segments: list[Segment] = []
    parts = path.split(".")
    for index, part in enumerate(parts):
        match = _SEGMENT.fullmatch(part)
        if not match:
            raise FieldError(path, f"invalid target path segment {part!r}")
        is_list = match["is_list"] is not None
        if is_list and index != len(parts) - 1:
            raise FieldError(path, "'[]' may only end a target path")
        segments.append(Segment(match["name"], is_list))
    return tuple(segments)


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(options) == 1:
            return options[0]
    return annotation


def check(path: str, segments: tuple[Segment, ...], model: type[BaseModel]) -> None:
    """Refuse a path that names a field the target model does not have."""
    current: Any = model
    for segment in segments:
        if get_origin(current) is dict:
            return  # free-form dicts (extra, features, attributes) take any key
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            raise FieldError(path, f"cannot set {segment.name!r} inside a non-object field")
        field = current.model_fields.get(segment.name)
        if field is None:
            raise FieldError(path, f"{current.__name__} has no field {segment.name!r}")
        current = _unwrap_optional(field.annotation)
        if segment.is_list:
            if get_origin(current) is not list:
                raise FieldError(path, f"{segment.name!r} is not a list")
            current = get_args(current)[0]


def assign(output: dict[str, Any], path: str, segments: tuple[Segment, ...], value: Any) -> None:
    """Set ``value`` at the path, creating objects on the way; undefined values are skipped."""
    if value is None:
        return
    target = output
    for segment in segments[:-1]:
        child = target.get(segment.name)
        if child is None:
            child = {}
        elif isinstance(child, dict):
            child = dict(child)  # it may be the source record's own object: never write into it
        else:
            raise FieldError(path, f"{segment.name!r} was already set to a non-object value")
        target[segment.name] = child
        target = child
    last = segments[-1]
    if last.is_list and not isinstance(value, list):
        value = [value]  # JSONata collapses a one-element sequence to a single value
    existing = target.get(last.name)
    if isinstance(existing, dict) and isinstance(value, dict):
        value = {**existing, **value}
    target[last.name] = value
