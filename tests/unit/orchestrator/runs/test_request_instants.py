"""The orchestrator's request instants (the runs filter, a bulk retry, a reconciliation's
period) take RFC 3339 strings with a zone only: 422 naming the field for 0 (schemathesis)."""

import pytest
from pydantic import ValidationError

from syncyard_common.web.errors import Unprocessable
from syncyard_orchestrator.reconciliation.schemas import ReconciliationIn
from syncyard_orchestrator.runs import filters
from syncyard_orchestrator.runs.schemas import RetryRequest


def test_a_bulk_retry_refuses_a_number_for_created_to() -> None:
    with pytest.raises(ValidationError) as refused:
        RetryRequest.model_validate_json('{"created_to": 0}')
    assert [error["loc"] for error in refused.value.errors()] == [("created_to",)]


def test_a_bulk_retry_keeps_its_instants_when_it_selects() -> None:
    retry = RetryRequest.model_validate_json(
        '{"created_from": "2026-12-07T10:00:00Z", "created_to": "2026-12-07T11:00:00+01:00"}'
    )
    selection = retry.selection()
    assert (selection.created_from, selection.created_to) == (
        retry.created_from,
        retry.created_to,
    )


@pytest.mark.parametrize("given", ["0", "2026-12-07", "2026-12-07T10:00:00"])
def test_the_runs_filter_refuses_what_is_not_an_instant_naming_the_field(given: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        filters.from_query(created_from=given)
    assert refused.value.field == "created_from"


@pytest.mark.parametrize("bound", ["from", "to"])
def test_a_reconciliation_period_refuses_a_number(bound: str) -> None:
    period = {"from": "2026-12-01T00:00:00Z", "to": "2026-12-02T00:00:00Z", bound: 0}
    with pytest.raises(ValidationError) as refused:
        ReconciliationIn.model_validate({"flow": "orders", **period})
    assert [error["loc"] for error in refused.value.errors()] == [(bound,)]
