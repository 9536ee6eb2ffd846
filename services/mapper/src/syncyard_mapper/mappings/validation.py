"""Validation on save: the draft compiles, its output fits the target model, its tests pass."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.defaults import bases
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.mapping_tests import service as mapping_tests
from syncyard_mapper.mapping_tests.errors import MappingTestFailed
from syncyard_mapper.mappings.errors import InvalidMapping
from syncyard_mapper.sandbox import runs
from syncyard_mapper.value_maps import service as value_maps


async def check_on_samples(flow: str, draft: MappingDocument, pair: bases.Pair | None) -> None:
    """422 for a syntax error, unknown function or field, output the target refuses, or a
    limit hit on a default's sample (evaluated in the sandbox)."""
    problems = await runs.sample_problems(flow, draft, pair)
    if problems:
        raise InvalidMapping(problems)


async def check(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    draft: MappingDocument,
    pair: bases.Pair | None,
) -> None:
    """Everything a version must pass before it is stored; raises a 422 naming the field."""
    await check_on_samples(flow, draft, pair)
    cases = await mapping_tests.stored_cases(
        session=session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    if not cases:
        return
    maps = await value_maps.list_all(
        session=session, tenant_id=tenant_id, integration_id=integration_id
    )
    results = await runs.run_cases(
        flow=flow,
        draft=draft,
        cases=cases,
        pair=pair,
        value_maps={item.name: item.for_engine() for item in maps},
    )
    failures = [result for result in results if not result.passed]
    if failures:
        raise MappingTestFailed(failures)
