"""Check the source fields an expression reads against the flow's canonical model.

A reference to ``billing_address.stret`` would silently give nothing at run time; here it is
a save-time error with the position. ``extra`` (and free-form dicts) take any key; anything
whose type cannot be known (variables, function results, lambda bodies) is not checked.
"""

import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from syncyard_mapper.engine import syntax
from syncyard_mapper.engine.errors import FieldError

Unknown = None  # a context whose type the checker cannot know


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → X, ``list[X]`` → X (JSONata maps a path over a list's items)."""
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return Unknown
            annotation = options[0]
        elif origin is list:
            annotation = get_args(annotation)[0]
        else:
            return annotation


def _field(context: Any, name: str, position: int, path: str) -> Any:
    if context is Unknown or get_origin(context) is dict or name == "extra":
        return Unknown
    if isinstance(context, type) and issubclass(context, BaseModel):
        field = context.model_fields.get(name)
        if field is None:
            raise FieldError(
                path,
                f"the source has no field {name!r} in {context.__name__} (position {position})",
            )
        return _unwrap(field.annotation)
    if context is Any:
        return Unknown
    raise FieldError(path, f"cannot read {name!r} from a plain value (position {position})")


class _Checker:
    def __init__(self, root: type[BaseModel], path: str) -> None:
        self.root = root
        self.path = path

    def visit(self, node: Any, context: Any) -> Any:
        kind = getattr(node, "type", None)
        if kind == "path":
            return self._path(node, context)
        if kind == "name":
            return self._field_with_stages(node, context)
        if kind == "lambda":
            for child in syntax.children(node):
                self.visit(child, Unknown)
            return Unknown
        for child in syntax.children(node):
            self.visit(child, context)
        return Unknown

    def _field_with_stages(self, node: Any, context: Any) -> Any:
        found = _field(context, str(node.value), int(node.position or 0), self.path)
        for stage in node.stages or []:
            self.visit(stage, found)
        return found

    def _path(self, node: Any, context: Any) -> Any:
        current = context
        for index, step in enumerate(node.steps or []):
            kind = getattr(step, "type", None)
            if kind == "name":
                current = self._field_with_stages(step, current)
            elif kind == "variable" and index == 0 and step.value in ("", "$"):
                current = self.root if step.value == "$" else current  # $$ root, $ context
            elif kind == "sort":
                for child in syntax.children(step):
                    self.visit(child, current)
            else:
                self.visit(step, current)
                current = Unknown
        for child in (node.group, *(getattr(node, "stages", None) or [])):
            if child is not None:
                self.visit(child, current)
        return current


def check(path: str, ast: Any, model: type[BaseModel]) -> None:
    """Raise ``FieldError`` naming the target path when the expression reads a missing field."""
    _Checker(model, path).visit(ast, model)
