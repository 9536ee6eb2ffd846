"""Compile and validate a mapping: syntax, known functions, known source and target fields."""

from dataclasses import dataclass
from typing import Any

import jsonata
from jsonata import jexception
from pydantic import BaseModel

from syncyard_mapper.engine import fast_paths, functions, paths, source_fields, syntax
from syncyard_mapper.engine.document import MAX_EXPRESSION_CHARS, MappingDocument
from syncyard_mapper.engine.errors import FieldError
from syncyard_mapper.engine.value_maps import VALUE_MAP_NAMES

_BUILTINS = frozenset(jsonata.Jsonata.static_frame.bindings)  # type: ignore[attr-defined]
_CALL_TYPES = frozenset({"function", "partial"})


@dataclass(frozen=True)
class CompiledField:
    """One target field: a JSONata expression (with a fast path when it has one), or a constant."""

    path: str
    segments: tuple[paths.Segment, ...]
    expression: jsonata.Jsonata | None = None
    fast: fast_paths.Plan | None = None
    constant: Any = None


@dataclass(frozen=True)
class CompiledMapping:
    """A validated mapping, ready to apply; ``model`` is the canonical output type."""

    fields: tuple[CompiledField, ...]
    model: type[BaseModel]
    value_maps: frozenset[str] = frozenset()
    """The value maps its ``$lookup`` calls read (all of them when a name is computed)."""


def _calls(root: Any) -> tuple[list[tuple[str, int, Any]], set[str]]:
    """Calls ``$name(...)`` (name, position, node) and names bound inside the expression."""
    called: list[tuple[str, int, Any]] = []
    defined: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        procedure: Any = getattr(node, "procedure", None)
        if node.type in _CALL_TYPES and getattr(procedure, "type", None) == "variable":
            called.append((str(procedure.value), int(procedure.position or 0), node))
        if node.type == "bind" and getattr(node.lhs, "type", None) == "variable":
            defined.add(str(node.lhs.value))
        if node.type == "lambda":
            defined.update(str(arg.value) for arg in node.arguments or [])
        stack.extend(syntax.children(node))
    return called, defined


def _value_maps_read(path: str, lookups: list[tuple[int, Any]]) -> frozenset[str]:
    names: set[str] = set()
    for position, node in lookups:
        first = (node.arguments or [None])[0]
        if getattr(first, "type", None) != "string":
            return VALUE_MAP_NAMES  # a computed name: any map may be read
        if first.value not in VALUE_MAP_NAMES:
            known = ", ".join(sorted(VALUE_MAP_NAMES))
            raise FieldError(
                path, f"unknown value map {first.value!r} at position {position}; one of {known}"
            )
        names.add(str(first.value))
    return frozenset(names)


@dataclass(frozen=True)
class CompiledExpression:
    expression: jsonata.Jsonata
    fast: fast_paths.Plan | None
    value_maps: frozenset[str]


def compile_expression(
    path: str, source: str, *, model: type[BaseModel] | None = None
) -> CompiledExpression:
    """Parse one expression, check its calls and source fields, bind the function library."""
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
    called, defined = _calls(expression.ast)
    known = _BUILTINS | functions.FUNCTIONS.keys() | defined
    for name, position, _ in called:
        if name not in known:
            raise FieldError(path, f"unknown function ${name} at position {position}")
    lookups = [(pos, node) for name, pos, node in called if name == "lookup"]
    maps = _value_maps_read(path, lookups) if "lookup" not in defined else frozenset()
    if model is not None:
        source_fields.check(path, expression.ast, model)
    # Records come from JSON, so JSONata's per-call walk over the input to check it is waste.
    expression.set_validate_input(False)
    for name, implementation in functions.FUNCTIONS.items():
        expression.register_lambda(name, implementation)
    return CompiledExpression(expression, fast_paths.plan(expression.ast, defined), maps)


def _compile_field(path: str, source: str, model: type[BaseModel]) -> tuple[CompiledField, Any]:
    segments = paths.parse(path)
    paths.check(path, segments, model)
    compiled = compile_expression(path, source, model=model)
    field = CompiledField(path, segments, expression=compiled.expression, fast=compiled.fast)
    return field, compiled.value_maps


def _compile_constant(path: str, value: Any, model: type[BaseModel]) -> CompiledField:
    segments = paths.parse(path)
    paths.check(path, segments, model)
    return CompiledField(path, segments, constant=value)


def compile_parts(
    document: MappingDocument, *, model: type[BaseModel]
) -> tuple[CompiledMapping, list[FieldError]]:
    """Compile every field that compiles; return the others' problems beside it."""
    compiled: list[CompiledField] = []
    problems: list[FieldError] = []
    maps: set[str] = set()
    for path, source in document.fields.items():
        try:
            field, read = _compile_field(path, source, model)
            compiled.append(field)
            maps.update(read)
        except FieldError as error:
            problems.append(error)
    for path, value in document.constants.items():
        try:
            compiled.append(_compile_constant(path, value, model))
        except FieldError as error:
            problems.append(error)
    for path in document.drop:
        try:
            paths.check(path, paths.parse(path), model)
        except FieldError as error:
            problems.append(error)
    mapping = CompiledMapping(fields=tuple(compiled), model=model, value_maps=frozenset(maps))
    return mapping, problems


def compile_mapping(document: MappingDocument, *, model: type[BaseModel]) -> CompiledMapping:
    """Validate every field of a document; the first problem raises ``FieldError``."""
    mapping, problems = compile_parts(document, model=model)
    if problems:
        raise problems[0]
    return mapping


def problems(document: MappingDocument, *, model: type[BaseModel]) -> list[FieldError]:
    """Every problem of a document (for a 422 that lists them all)."""
    return compile_parts(document, model=model)[1]
