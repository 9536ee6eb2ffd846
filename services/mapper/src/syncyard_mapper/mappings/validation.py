"""Validation on save: the draft compiles, its output fits the target model, its tests pass."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.engine import apply, compile
from syncyard_mapper.engine.document import FLOW_MODELS, MappingDocument
from syncyard_mapper.engine.errors import FieldError, MappingError
from syncyard_mapper.mapping_tests import service as mapping_tests
from syncyard_mapper.mapping_tests.errors import MappingTestFailed
from syncyard_mapper.mappings import bases
from syncyard_mapper.mappings.errors import InvalidMapping
from syncyard_mapper.value_maps import service as value_maps


def check_on_samples(flow: str, draft: MappingDocument, pair: bases.Pair | None) -> None:
    """422 for a syntax error, unknown function or field, or output the target refuses."""
    problems = compile.problems(draft, model=FLOW_MODELS[flow])
    if problems:
        raise InvalidMapping(problems)
    for base in bases.bases_to_check(flow, pair):
        try:
            mapping = bases.compiled(flow, draft, base)
        except FieldError as error:
            raise InvalidMapping([error]) from None
        if base is None:
            continue  # no shipped sample to try the output on; the tenant's tests still run
        try:
            apply.apply(mapping, base.sample())
        except MappingError as error:
            reason = f"{error.reason} (on the sample of {base.name})"
            raise InvalidMapping([FieldError(error.field, reason)]) from None


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
    check_on_samples(flow, draft, pair)
    cases = await mapping_tests.stored_cases(
        session=session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    if not cases:
        return
    maps = await value_maps.list_all(
        session=session, tenant_id=tenant_id, integration_id=integration_id
    )
    results = mapping_tests.run_cases(
        flow=flow,
        draft=draft,
        cases=cases,
        pair=pair,
        value_maps={item.name: item.for_engine() for item in maps},
    )
    failures = [result for result in results if not result.passed]
    if failures:
        raise MappingTestFailed(failures)
