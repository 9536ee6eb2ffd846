"""Apply a compiled mapping to one record, within time and size limits (R27)."""

import copy
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonata import jexception
from pydantic import ValidationError

from syncyard_mapper.engine import bounds, fast_paths, paths
from syncyard_mapper.engine.compile import CompiledField, CompiledMapping
from syncyard_mapper.engine.errors import (
    FieldError,
    LimitExceeded,
    MappingError,
    MappingLimitExceeded,
)
from syncyard_mapper.engine.functions import lookup
from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.value_maps import UnmappedValue, ValueMap


@dataclass(frozen=True)
class Limits:
    """Bounds on one evaluation; a runaway expression fails its field, never the service."""

    expression_timeout_ms: int = 250
    max_depth: int = 200
    mapping_timeout_ms: int = 2000
    max_output_bytes: int = 262_144


DEFAULT_LIMITS = Limits()


NO_VALUE_MAPS: Mapping[str, ValueMap] = {}


def _evaluate(field: CompiledField, record: dict[str, Any], limits: Limits) -> Any:
    if field.expression is None:
        return copy.deepcopy(field.constant)
    try:
        if field.fast is not None:
            found = field.fast(record)
            if found is not fast_paths.FALL_BACK:
                return found
        # The library's time box starts when it is created: each evaluation needs a fresh one.
        field.expression.environment.set_runtime_bounds(
            limits.expression_timeout_ms, limits.max_depth
        )
        with bounds.time_box(limits.expression_timeout_ms):
            return field.expression.evaluate(record)
    except bounds.OutOfTime:
        reason = f"expression ran longer than {limits.expression_timeout_ms} ms"
        raise LimitExceeded(field.path, f"{reason} (expression_timeout_ms)") from None
    except bounds.RangeTooLarge as error:
        raise LimitExceeded(field.path, str(error)) from None
    except MemoryError:
        reason = "expression needed more memory than a mapping may use (sandbox_memory_mb)"
        raise LimitExceeded(field.path, reason) from None
    except UnmappedValue as error:
        raise FieldError(field.path, f"{error} (on_unmapped: fail)") from None
    except FunctionError as error:
        raise FieldError(field.path, str(error)) from None
    except jexception.JException as error:
        if error.error == "D1012":
            reason = f"expression ran longer than {limits.expression_timeout_ms} ms"
            raise LimitExceeded(field.path, f"{reason} (expression_timeout_ms)") from None
        if error.error == "D1011":
            reason = f"expression nested deeper than {limits.max_depth} levels (max_depth)"
            raise LimitExceeded(field.path, reason) from None
        raise FieldError(field.path, str(error)) from None
    except RecursionError:
        reason = f"expression nested deeper than Python allows (max_depth {limits.max_depth})"
        raise LimitExceeded(field.path, reason) from None
    except Exception as error:  # a bug in an expression must fail the field, not the consumer
        raise FieldError(field.path, f"{type(error).__name__}: {error}") from None


def evaluate_fields(
    mapping: CompiledMapping,
    record: dict[str, Any],
    *,
    limits: Limits = DEFAULT_LIMITS,
    value_maps: Mapping[str, ValueMap] = NO_VALUE_MAPS,
) -> tuple[dict[str, Any], list[FieldError]]:
    """Evaluate every field; return the raw output and each field's error (for previews)."""
    output: dict[str, Any] = {}
    errors: list[FieldError] = []
    deadline = time.monotonic() + limits.mapping_timeout_ms / 1000
    with lookup.using(value_maps):
        for field in mapping.fields:
            if time.monotonic() > deadline:
                reason = (
                    f"mapping ran longer than {limits.mapping_timeout_ms} ms (mapping_timeout_ms)"
                )
                errors.append(LimitExceeded(field.path, reason))
                break
            try:
                value = _evaluate(field, record, limits)
                paths.assign(output, field.path, field.segments, value)
            except FieldError as error:
                errors.append(error)
    size = len(json.dumps(output, default=str))
    if size > limits.max_output_bytes:
        reason = f"output of {size} bytes exceeds {limits.max_output_bytes} (max_output_bytes)"
        errors.append(LimitExceeded(None, reason))
    return output, errors


def location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a target path: ``lines[0].quantity``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate_output(mapping: CompiledMapping, output: dict[str, Any]) -> dict[str, Any]:
    """Validate as the flow's canonical model; return its JSON form or raise ``MappingError``."""
    try:
        record = mapping.model.model_validate(output)
    except ValidationError as error:
        first = error.errors()[0]
        field = location(first["loc"]) or None
        raise MappingError(field, f"{first['msg']} ({mapping.model.__name__})") from None
    return record.model_dump(mode="json", exclude_none=True)


def apply(
    mapping: CompiledMapping,
    record: dict[str, Any],
    *,
    limits: Limits = DEFAULT_LIMITS,
    value_maps: Mapping[str, ValueMap] = NO_VALUE_MAPS,
) -> dict[str, Any]:
    """Map one record to a valid canonical record, or raise ``MappingError`` (never pass it on)."""
    output, errors = evaluate_fields(mapping, record, limits=limits, value_maps=value_maps)
    for error in errors:
        if isinstance(error, LimitExceeded):
            raise MappingLimitExceeded(error.field, error.reason)
    if errors:
        raise MappingError(errors[0].field, errors[0].reason)
    return validate_output(mapping, output)
