"""A record run starts knowing what its target keeps: the optional product fields of the
connector it writes to, from the capabilities the gateway declares."""

import uuid
from datetime import UTC, datetime

from syncyard_orchestrator.flows.records import RecordRun
from syncyard_orchestrator.integrations import connector_capabilities
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.runs import starts

TILL, SHOP = uuid.uuid4(), uuid.uuid4()


def test_the_run_carries_the_product_fields_of_the_side_it_writes() -> None:
    integration = Integration(
        id=uuid.uuid4(), tenant_id=uuid.uuid4(), name="till and shop",
        source_connection_id=TILL, target_connection_id=SHOP,
        source_connector="mplus", target_connector="bigcommerce",
    )  # fmt: skip
    flow = IntegrationFlow(
        integration_id=integration.id, tenant_id=integration.tenant_id, flow="products",
        direction="source_to_target", is_active=True, settings={},
    )  # fmt: skip
    runs = {}
    for read in (TILL, SHOP):
        started = starts.record_run(
            run_id=uuid.uuid4(),
            integration=integration,
            flow=flow,
            read_connection_id=read,
            source_id="1001",
            links={},
            now=datetime.now(UTC),
        )
        runs[read] = RecordRun.model_validate(started.state_json)
    assert runs[TILL].target_product_fields == ["features"]  # BigCommerce: custom fields
    assert runs[SHOP].target_product_fields == connector_capabilities.product_fields("mplus") == []
