"""Preview a draft on sample records: every field's problem, not only the first."""

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from syncyard_mapper.engine import paths
from syncyard_mapper.engine.apply import DEFAULT_LIMITS, Limits, evaluate_fields, location
from syncyard_mapper.engine.compile import CompiledField, CompiledMapping, compile_expression
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError


@dataclass
class PreviewResult:
    output: dict[str, Any] | None
    errors: list[FieldError] = field(default_factory=list)


def _compile_what_compiles(
    document: MappingDocument, model: type[BaseModel]
) -> tuple[CompiledMapping, list[FieldError]]:
    compiled: list[CompiledField] = []
    problems: list[FieldError] = []
    for path, source in document.fields.items():
        try:
            segments = paths.parse(path)
            paths.check(path, segments, model)
            compiled.append(CompiledField(path, segments, compile_expression(path, source)))
        except FieldError as error:
            problems.append(error)
    return CompiledMapping(fields=tuple(compiled), model=model), problems


def preview(
    document: MappingDocument,
    *,
    model: type[BaseModel],
    records: list[dict[str, Any]],
    limits: Limits = DEFAULT_LIMITS,
) -> list[PreviewResult]:
    """Apply a draft to each record; ``output`` is None whenever any field has a problem."""
    mapping, compile_problems = _compile_what_compiles(document, model)
    results: list[PreviewResult] = []
    for record in records:
        raw, errors = evaluate_fields(mapping, record, limits=limits)
        errors = [*compile_problems, *errors]
        output: dict[str, Any] | None = None
        try:
            validated = model.model_validate(raw)
            output = validated.model_dump(mode="json", exclude_none=True)
        except ValidationError as error:
            errors.extend(
                FieldError(location(item["loc"]) or None, item["msg"]) for item in error.errors()
            )
        results.append(PreviewResult(output=None if errors else output, errors=errors))
    return results
