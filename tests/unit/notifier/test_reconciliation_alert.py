"""The wording of a reconciliation alert: counts, examples and the link to the report."""

import uuid
from datetime import UTC, datetime

from syncyard_common.messages import reconciliations
from syncyard_notifier.alerts import reconciliation


def test_the_alert_names_the_counts_the_examples_and_links_the_report() -> None:
    report_id = uuid.uuid4()
    message = reconciliations.ReconciliationDiscrepancyFoundV1(
        reconciliation_id=report_id,
        integration_id=uuid.uuid4(),
        flow="orders",
        period_from=datetime(2026, 12, 1, tzinfo=UTC),
        period_to=datetime(2026, 12, 2, tzinfo=UTC),
        missing=1,
        extra=2,
        mismatched=0,
        examples=["shopify:1001 (missing)"],
    )
    content = reconciliation.discrepancy(message, dashboard_url="https://dash.example/")
    assert content.link == f"https://dash.example/reconciliations/{report_id}"
    assert "1 missing in the target, 2 only in the target, 0 different" in content.text
    assert "- shopify:1001 (missing)" in content.text
    assert content.fields["missing"] == "1"
