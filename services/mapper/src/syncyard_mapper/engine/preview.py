"""Preview a draft on sample records: every field's problem, not only the first."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from syncyard_mapper.engine.apply import (
    DEFAULT_LIMITS,
    NO_VALUE_MAPS,
    Limits,
    evaluate_fields,
    location,
)
from syncyard_mapper.engine.compile import compile_parts
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError, LimitExceeded
from syncyard_mapper.engine.value_maps import ValueMap


@dataclass
class PreviewResult:
    output: dict[str, Any] | None
    errors: list[FieldError] = field(default_factory=list)


def preview(
    document: MappingDocument,
    *,
    model: type[BaseModel],
    records: list[dict[str, Any]],
    limits: Limits = DEFAULT_LIMITS,
    value_maps: Mapping[str, ValueMap] = NO_VALUE_MAPS,
    stop_on_limit: bool = False,
) -> list[PreviewResult]:
    """Apply a draft to each record; ``output`` is None whenever any field has a problem.

    ``stop_on_limit``: no record after the first one an evaluation limit stopped."""
    mapping, compile_problems = compile_parts(document, model=model)
    results: list[PreviewResult] = []
    for record in records:
        raw, errors = evaluate_fields(mapping, record, limits=limits, value_maps=value_maps)
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
        if stop_on_limit and any(isinstance(error, LimitExceeded) for error in errors):
            break
    return results
