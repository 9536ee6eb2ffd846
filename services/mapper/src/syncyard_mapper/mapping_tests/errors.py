"""The refusal of a mapping version that breaks a stored mapping test."""

import json
from typing import Any

from syncyard_common.web.errors import Unprocessable
from syncyard_mapper.engine.expectations import CaseResult


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def describe(result: CaseResult) -> dict[str, Any]:
    """One failing case as JSON: its differences and its mapping errors."""
    return {
        "name": result.name,
        "differences": [
            {"field": d.field, "expected": d.expected, "actual": d.actual}
            for d in result.differences
        ],
        "errors": [{"field": e.field, "reason": e.reason} for e in result.errors],
    }


class MappingTestFailed(Unprocessable):
    """Names the first failing case and field; ``failures`` holds every case's diff."""

    def __init__(self, failures: list[CaseResult]) -> None:
        first = failures[0]
        if first.differences:
            difference = first.differences[0]
            field: str | None = difference.field
            what = (
                f"{difference.field}: expected {_short(difference.expected)}, "
                f"got {_short(difference.actual)}"
            )
        else:
            field = first.errors[0].field
            what = f"{field or 'mapping'}: {first.errors[0].reason}"
        super().__init__(
            "mapping_test_failed",
            f"The mapping breaks its test {first.name!r}: {what}",
            field=field,
            extra={"failures": [describe(result) for result in failures]},
        )
