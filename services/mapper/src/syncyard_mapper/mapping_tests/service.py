"""Use cases of mapping tests: read, replace (and run), and run them for a save."""

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_mapper.engine import expectations
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError
from syncyard_mapper.engine.value_maps import ValueMap
from syncyard_mapper.integrations import ownership
from syncyard_mapper.mapping_tests import repository
from syncyard_mapper.mapping_tests.schemas import MappingTestCase
from syncyard_mapper.mappings import bases
from syncyard_mapper.mappings import repository as mapping_repository


def run_cases(
    *,
    flow: str,
    draft: MappingDocument | None,
    cases: list[MappingTestCase],
    pair: bases.Pair | None,
    value_maps: Mapping[str, ValueMap],
) -> list[expectations.CaseResult]:
    """Run every case on the draft merged onto the case's (or the save's) default."""
    results: list[expectations.CaseResult] = []
    for case in cases:
        case_pair = pair
        if case.source_connector and case.target_connector:
            case_pair = (case.source_connector, case.target_connector)
        try:
            mapping = bases.compiled(flow, draft, bases.base_for(flow, case_pair))
        except FieldError as error:
            results.append(expectations.CaseResult(case.name, errors=[error]))
            continue
        except ValueError:
            problem = FieldError(None, "no saved mapping and no default for this connector pair")
            results.append(expectations.CaseResult(case.name, errors=[problem]))
            continue
        results.append(
            expectations.run_case(
                mapping,
                name=case.name,
                record=case.input,
                expected=case.expected,
                value_maps=value_maps,
            )
        )
    return results


async def stored_cases(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> list[MappingTestCase]:
    found = await repository.cases(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    return [MappingTestCase.model_validate(case) for case in found]


async def current_draft(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID, flow: str
) -> MappingDocument | None:
    """The latest saved overlay, or None (the default applies)."""
    latest = await mapping_repository.latest(
        session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    return None if latest is None else MappingDocument.model_validate(latest.document)


async def replace(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    cases: list[MappingTestCase],
    updated_by: str | None,
) -> None:
    await ownership.claim(session, tenant_id=tenant_id, integration_id=integration_id)
    dumped: list[dict[str, Any]] = [case.model_dump(mode="json") for case in cases]
    await repository.replace(
        session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        cases=dumped,
        updated_by=updated_by,
    )
