"""Alert wording: the exact reason, the run id and the link to the run."""

import uuid

import orjson
import pytest

from syncyard_common.messages import connections, runs
from syncyard_notifier import compose, grouping
from syncyard_notifier.channels import webhook

pytestmark = pytest.mark.unit

REASON = "MplusKASSA rejected article ABC-12: article numbers must be numeric"


def run_failed(**overrides: object) -> runs.RunFailedV1:
    values: dict[str, object] = {
        "run_id": uuid.UUID("6f1c2a9e-0000-4000-8000-000000000001"),
        "integration_id": uuid.uuid4(),
        "flow": "orders.shop_to_pos",
        "step": "create_order",
        "entity_ref": "#1001",
        "code": "article_not_numeric",
        "reason": REASON,
    }
    values.update(overrides)
    return runs.RunFailedV1.model_validate(values)


class TestRunFailed:
    def test_names_the_exact_reason_the_run_id_and_links_to_the_run(self) -> None:
        message = run_failed()
        content = compose.run_failed(message, dashboard_url="https://app.syncyard.test/")
        link = f"https://app.syncyard.test/runs/{message.run_id}"
        assert REASON in content.text
        assert str(message.run_id) in content.text
        assert link in content.text
        assert content.link == link
        assert content.fields["reason"] == REASON

    def test_the_webhook_body_is_slack_compatible(self) -> None:
        content = compose.run_failed(run_failed(), dashboard_url="https://app.syncyard.test")
        body = webhook.body(alert_id=uuid.uuid4(), event="run.failed.v1", content=content)
        document = orjson.loads(body)
        assert document["text"] == content.text
        assert document["fields"]["code"] == "article_not_numeric"


class TestSummary:
    def test_says_how_many_more_failed_and_why(self) -> None:
        key = grouping.GroupKey(uuid.uuid4(), uuid.uuid4(), "products_not_found")
        samples = tuple(
            grouping.Failure(run_id=uuid.uuid4(), flow="orders", reason="products not found: X-1")
            for _ in range(3)
        )
        summary = grouping.Summary(count=12, samples=samples)
        content = compose.run_failures_summary(key, summary, dashboard_url="https://d.test")
        assert content.text.startswith("12 more orders failed: products not found: X-1")
        assert f"https://d.test/runs/{samples[0].run_id}" in content.text
        assert "and 9 more" in content.text


class TestConnectionEvents:
    def test_failed_and_recovered_name_the_connection(self) -> None:
        connection_id = uuid.uuid4()
        failed = connections.ConnectionFailedV1(
            connection_id=connection_id,
            connector="shop",
            name="Main shop",
            code="credentials_rejected",
            reason="the access token was revoked",
        )
        recovered = connections.ConnectionRecoveredV1(
            connection_id=connection_id, connector="shop", name="Main shop"
        )
        assert "the access token was revoked" in compose.connection_failed(failed).text
        assert "works again" in compose.connection_recovered(recovered).text
