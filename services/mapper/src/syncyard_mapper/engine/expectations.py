"""Mapping tests: run a sample through a mapping and compare the fields the expectation names."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from syncyard_mapper.engine import apply
from syncyard_mapper.engine.compile import CompiledMapping
from syncyard_mapper.engine.errors import LIMIT_CODE, FieldError, LimitExceeded, MappingError
from syncyard_mapper.engine.value_maps import ValueMap

_ABSENT: Any = None


@dataclass(frozen=True)
class Difference:
    field: str
    expected: Any
    actual: Any


@dataclass(frozen=True)
class CaseResult:
    name: str
    differences: list[Difference] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.differences or self.errors)


def _join(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def differences(expected: Any, actual: Any, at: str = "") -> list[Difference]:
    """Where ``actual`` differs from ``expected``, on the fields ``expected`` names only."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Difference(at or "$", expected, actual)]
        found: list[Difference] = []
        for key, wanted in expected.items():
            found.extend(differences(wanted, actual.get(key, _ABSENT), _join(at, key)))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [Difference(at or "$", expected, actual)]
        found = []
        for index, (wanted, got) in enumerate(zip(expected, actual, strict=True)):
            found.extend(differences(wanted, got, _join(at, index)))
        return found
    return [] if expected == actual else [Difference(at or "$", expected, actual)]


def run_case(
    mapping: CompiledMapping,
    *,
    name: str,
    record: dict[str, Any],
    expected: dict[str, Any],
    value_maps: Mapping[str, ValueMap] = apply.NO_VALUE_MAPS,
    limits: apply.Limits = apply.DEFAULT_LIMITS,
) -> CaseResult:
    """Map ``record`` and compare with ``expected``; a mapping failure fails the case."""
    try:
        output = apply.apply(mapping, record, value_maps=value_maps, limits=limits)
    except MappingError as error:
        kind = LimitExceeded if error.code == LIMIT_CODE else FieldError
        return CaseResult(name, errors=[kind(error.field, error.reason)])
    return CaseResult(name, differences=differences(expected, output))
