"""What runs inside a worker: module-level functions of picklable arguments and results."""

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from syncyard_mapper.defaults import bases
from syncyard_mapper.engine import apply, cache, compile, preview
from syncyard_mapper.engine.document import FLOW_MODELS, MappingDocument
from syncyard_mapper.engine.errors import LIMIT_CODE, FieldError, LimitExceeded, MappingError
from syncyard_mapper.engine.expectations import CaseResult
from syncyard_mapper.engine.value_maps import ValueMap
from syncyard_mapper.mapping_tests import cases as mapping_tests
from syncyard_mapper.mapping_tests.schemas import MappingTestCase

_compiled = cache.CompiledMappingCache()
"""Each worker's own compiled mappings (compiled expressions do not cross processes)."""


def map_record(
    key: tuple[str, int, str],
    document: MappingDocument,
    model: type[BaseModel],
    record: dict[str, Any],
    limits: apply.Limits,
    value_maps: Mapping[str, ValueMap],
) -> dict[str, Any]:
    """The canonical record, or ``MappingError`` (``MappingLimitExceeded`` for a limit)."""
    mapping_id, version, base = key
    compiled = _compiled.get(
        mapping_id=mapping_id, version=version, document=document, model=model, base=base
    )
    return apply.apply(compiled, record, limits=limits, value_maps=value_maps)


def preview_records(
    document: MappingDocument,
    model: type[BaseModel],
    records: list[dict[str, Any]],
    limits: apply.Limits,
    value_maps: Mapping[str, ValueMap],
) -> list[preview.PreviewResult]:
    # Stop at the first record a limit stopped: the answer is then 422 anyway.
    return preview.preview(
        document,
        model=model,
        records=records,
        limits=limits,
        value_maps=value_maps,
        stop_on_limit=True,
    )


def sample_problems(
    flow: str, draft: MappingDocument, pair: bases.Pair | None, limits: apply.Limits
) -> list[FieldError]:
    """Why a draft cannot be saved: compile problems, or output a default's sample refuses."""
    problems = compile.problems(draft, model=FLOW_MODELS[flow])
    if problems:
        return problems
    for base in bases.bases_to_check(flow, pair):
        try:
            mapping = bases.compiled(flow, draft, base)
        except FieldError as error:
            return [error]
        if base is None:
            continue  # no shipped sample to try the output on; the tenant's tests still run
        try:
            apply.apply(mapping, base.sample(), limits=limits)
        except MappingError as error:
            reason = f"{error.reason} (on the sample of {base.name})"
            kind = LimitExceeded if error.code == LIMIT_CODE else FieldError
            return [kind(error.field, reason)]
    return []


def run_cases(
    flow: str,
    draft: MappingDocument | None,
    cases: list[MappingTestCase],
    pair: bases.Pair | None,
    value_maps: Mapping[str, ValueMap],
    limits: apply.Limits,
) -> list[CaseResult]:
    return mapping_tests.run_cases(
        flow=flow, draft=draft, cases=cases, pair=pair, value_maps=value_maps, limits=limits
    )
