"""Routes: read and replace a flow's mapping tests (each run against the current mapping).

Beside the mapping's routes (under its path): they need the current mapping, as a save needs
the stored tests, so ``mapping_tests`` itself never imports ``mappings``.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from syncyard_mapper.deps import FlowPath, PrincipalDep, SessionDep, WriterDep
from syncyard_mapper.engine.expectations import CaseResult
from syncyard_mapper.integrations import ownership
from syncyard_mapper.mapping_tests import schemas, service
from syncyard_mapper.mappings.service import current_draft, model_for
from syncyard_mapper.sandbox import runs
from syncyard_mapper.value_maps import service as value_maps

router = APIRouter(prefix="/v1/integrations/{integration_id}/mappings", tags=["mapping tests"])
ConnectorQuery = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9_]+$")]


def _result(result: CaseResult) -> schemas.CaseResultOut:
    return schemas.CaseResultOut(
        name=result.name,
        passed=result.passed,
        differences=[
            schemas.DifferenceOut(field=d.field, expected=d.expected, actual=d.actual)
            for d in result.differences
        ],
        errors=[schemas.ProblemOut(field=e.field, reason=e.reason) for e in result.errors],
    )


async def _with_results(
    *,
    session: SessionDep,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: FlowPath,
    cases: list[schemas.MappingTestCase],
    pair: tuple[str, str] | None,
) -> schemas.MappingTestsOut:
    draft = await current_draft(
        session=session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
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
    return schemas.MappingTestsOut(
        integration_id=integration_id,
        flow=flow,
        cases=cases,
        results=[_result(result) for result in results],
    )


@router.get("/{flow}/tests")
async def get_tests(
    integration_id: uuid.UUID,
    flow: FlowPath,
    principal: PrincipalDep,
    session: SessionDep,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.MappingTestsOut:
    """The stored cases and how the current mapping does on them."""
    model_for(flow)
    await ownership.ensure_readable(
        session, tenant_id=principal.tenant_id, integration_id=integration_id
    )
    cases = await service.stored_cases(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id, flow=flow
    )
    pair = (source_connector, target_connector) if source_connector and target_connector else None
    return await _with_results(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        cases=cases,
        pair=pair,
    )


@router.put("/{flow}/tests")
async def put_tests(
    integration_id: uuid.UUID,
    flow: FlowPath,
    body: schemas.MappingTestsIn,
    principal: WriterDep,
    session: SessionDep,
    source_connector: ConnectorQuery = None,
    target_connector: ConnectorQuery = None,
) -> schemas.MappingTestsOut:
    """Replace the cases; every later save must pass them. Failing cases are stored and shown.

    The connector pair of the request is stored in each case that names none, so a later save
    or rollback without a pair still runs the case on the right default.
    """
    model_for(flow)
    pair = (source_connector, target_connector) if source_connector and target_connector else None
    if pair is not None:
        body.cases = [
            case
            if case.source_connector and case.target_connector
            else case.model_copy(update={"source_connector": pair[0], "target_connector": pair[1]})
            for case in body.cases
        ]
    async with session.begin():
        await service.replace(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            cases=body.cases,
            updated_by=principal.subject,
        )
    return await _with_results(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        flow=flow,
        cases=body.cases,
        pair=pair,
    )
