"""Compile and validate a mapping document: syntax, known functions, known target fields."""

from dataclasses import dataclass
from typing import Any

import jsonata
from jsonata import jexception
from jsonata.parser import Parser
from pydantic import BaseModel

from syncyard_mapper.engine import functions, paths
from syncyard_mapper.engine.document import MAX_EXPRESSION_CHARS, MappingDocument
from syncyard_mapper.engine.errors import FieldError

_BUILTINS = frozenset(jsonata.Jsonata.static_frame.bindings)  # type: ignore[attr-defined]
_CALL_TYPES = frozenset({"function", "partial"})


@dataclass(frozen=True)
class CompiledField:
    path: str
    segments: tuple[paths.Segment, ...]
    expression: jsonata.Jsonata


@dataclass(frozen=True)
class CompiledMapping:
    """A validated mapping, ready to apply; ``model`` is the canonical output type."""

    fields: tuple[CompiledField, ...]
    model: type[BaseModel]


def _children(node: Any) -> list[Any]:
    found: list[Any] = []
    for key, value in vars(node).items():
        if key == "_outer_instance":
            continue
        items = value if isinstance(value, list) else [value]
        found.extend(item for item in items if isinstance(item, Parser.Symbol))
    return found


def _called_and_defined(root: Any) -> tuple[list[tuple[str, int]], set[str]]:
    """Names called as ``$name(...)`` (with position) and names bound inside the expression."""
    called: list[tuple[str, int]] = []
    defined: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        procedure: Any = getattr(node, "procedure", None)
        if node.type in _CALL_TYPES and getattr(procedure, "type", None) == "variable":
            called.append((str(procedure.value), int(procedure.position or 0)))
        if node.type == "bind" and getattr(node.lhs, "type", None) == "variable":
            defined.add(str(node.lhs.value))
        if node.type == "lambda":
            defined.update(str(arg.value) for arg in node.arguments or [])
        stack.extend(_children(node))
    return called, defined


def compile_expression(path: str, source: str) -> jsonata.Jsonata:
    """Parse one expression and bind the function library; errors name the field."""
    if len(source) > MAX_EXPRESSION_CHARS:
        raise FieldError(path, f"expression longer than {MAX_EXPRESSION_CHARS} characters")
    try:
        expression = jsonata.Jsonata(source)
    except jexception.JException as error:
        raise FieldError(path, f"syntax error at position {error.location}: {error}") from None
    except Exception as error:  # the parser raises plain errors on some malformed input
        raise FieldError(path, f"syntax error: {error}") from None
    if expression.errors:
        raise FieldError(path, f"syntax error: {expression.errors[0]}")
    called, defined = _called_and_defined(expression.ast)
    known = _BUILTINS | functions.FUNCTIONS.keys() | defined
    for name, position in called:
        if name not in known:
            raise FieldError(path, f"unknown function ${name} at position {position}")
    for name, implementation in functions.FUNCTIONS.items():
        expression.register_lambda(name, implementation)
    return expression


def compile_mapping(document: MappingDocument, *, model: type[BaseModel]) -> CompiledMapping:
    """Validate every field of a document; the first problem raises ``FieldError``."""
    compiled: list[CompiledField] = []
    for path, source in document.fields.items():
        segments = paths.parse(path)
        paths.check(path, segments, model)
        compiled.append(CompiledField(path, segments, compile_expression(path, source)))
    return CompiledMapping(fields=tuple(compiled), model=model)


def problems(document: MappingDocument, *, model: type[BaseModel]) -> list[FieldError]:
    """Every problem of a document (for a 422 that lists them all)."""
    found: list[FieldError] = []
    for path, source in document.fields.items():
        try:
            paths.check(path, paths.parse(path), model)
            compile_expression(path, source)
        except FieldError as error:
            found.append(error)
    return found
