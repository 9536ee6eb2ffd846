"""Run a flow's mapping tests on a draft: pure, so it runs in a sandbox worker."""

from collections.abc import Mapping

from syncyard_mapper.defaults import bases
from syncyard_mapper.engine import apply, expectations
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError
from syncyard_mapper.engine.value_maps import ValueMap
from syncyard_mapper.mapping_tests.schemas import MappingTestCase


def run_cases(
    *,
    flow: str,
    draft: MappingDocument | None,
    cases: list[MappingTestCase],
    pair: bases.Pair | None,
    value_maps: Mapping[str, ValueMap],
    limits: apply.Limits = apply.DEFAULT_LIMITS,
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
                limits=limits,
            )
        )
    return results
