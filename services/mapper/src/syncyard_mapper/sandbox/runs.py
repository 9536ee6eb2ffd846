"""The service's evaluations, each in the sandbox, with every limit reported by name."""

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from syncyard_mapper.defaults import bases
from syncyard_mapper.engine import preview
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError, LimitExceeded, MappingLimitExceeded
from syncyard_mapper.engine.expectations import CaseResult
from syncyard_mapper.engine.value_maps import ValueMap
from syncyard_mapper.mapping_tests.schemas import MappingTestCase
from syncyard_mapper.sandbox import current, tasks
from syncyard_mapper.sandbox.errors import MappingLimit
from syncyard_mapper.sandbox.pool import SandboxLimit


async def map_record(
    key: tuple[str, int, str],
    document: MappingDocument,
    model: type[BaseModel],
    record: dict[str, Any],
    value_maps: Mapping[str, ValueMap],
    *,
    tenant: str,
) -> dict[str, Any]:
    """The canonical record; ``MappingError`` (``MappingLimitExceeded`` for any limit).
    ``tenant``: whose turn the record waits for when every sandbox worker is busy."""
    sandbox = current.get()
    try:
        return await sandbox.run(
            tasks.map_record,
            key,
            document,
            model,
            record,
            sandbox.limits,
            value_maps,
            deadline_s=sandbox.record_timeout_s,
            for_tenant=tenant,
        )
    except SandboxLimit as stopped:
        raise MappingLimitExceeded(None, stopped.reason) from None


def _first_limit(errors: list[FieldError]) -> LimitExceeded | None:
    return next((error for error in errors if isinstance(error, LimitExceeded)), None)


async def preview_records(
    document: MappingDocument,
    model: type[BaseModel],
    records: list[dict[str, Any]],
    value_maps: Mapping[str, ValueMap],
) -> list[preview.PreviewResult]:
    """Each record's output and problems; 422 ``mapping_limit_exceeded`` naming a limit hit."""
    sandbox = current.get()
    try:
        results = await sandbox.run(
            tasks.preview_records,
            document,
            model,
            records,
            sandbox.limits,
            value_maps,
            deadline_s=sandbox.batch_timeout_s,
        )
    except SandboxLimit as stopped:
        raise MappingLimit(None, stopped.reason) from None
    for result in results:
        limit = _first_limit(result.errors)
        if limit is not None:
            raise MappingLimit(limit.field, limit.reason)
    return results


async def sample_problems(
    flow: str, draft: MappingDocument, pair: bases.Pair | None
) -> list[FieldError]:
    """Why a draft cannot be saved (compile problems, a sample refused); 422 on a limit."""
    sandbox = current.get()
    try:
        problems = await sandbox.run(
            tasks.sample_problems,
            flow,
            draft,
            pair,
            sandbox.limits,
            deadline_s=sandbox.batch_timeout_s,
        )
    except SandboxLimit as stopped:
        raise MappingLimit(None, stopped.reason) from None
    limit = _first_limit(problems)
    if limit is not None:
        raise MappingLimit(limit.field, limit.reason)
    return problems


async def run_cases(
    *,
    flow: str,
    draft: MappingDocument | None,
    cases: list[MappingTestCase],
    pair: bases.Pair | None,
    value_maps: Mapping[str, ValueMap],
) -> list[CaseResult]:
    """The tenant's mapping tests; a case stopped by a limit fails with the limit's name."""
    sandbox = current.get()
    try:
        return await sandbox.run(
            tasks.run_cases,
            flow,
            draft,
            cases,
            pair,
            value_maps,
            sandbox.limits,
            deadline_s=sandbox.batch_timeout_s,
        )
    except SandboxLimit as stopped:
        raise MappingLimit(None, stopped.reason) from None
