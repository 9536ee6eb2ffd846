"""``mapper.record.map.v1`` on the bus → one ``mapping.record.*`` result and one audit entry."""

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from syncyard_common.broker import publisher
from syncyard_common.messages import Envelope, mapping
from tests.fixtures.barrier import service_settled
from tests.integration.mapper.conftest import SAMPLE, Results, map_command

ClientFor = Callable[..., httpx.AsyncClient]


class TestMapRecordConsumer:
    async def test_default_mapping_result_and_audit_arrive_once_despite_a_duplicate(
        self,
        results: Results,
        send: publisher.Publisher,
        mapper_url: str,
        postgres_url: str,
        rabbitmq_url: str,
    ) -> None:
        command = map_command(json.loads(SAMPLE.read_text("utf-8")))
        assert command.correlation_id is not None
        await send.publish(command)
        await send.publish(command)  # the broker redelivers: same id, one effect
        mapped = await results.wait_for(command.correlation_id, "mapping.record.mapped.v1")
        audit = await results.wait_for(command.correlation_id, "audit.step.recorded.v1")
        await service_settled(  # the duplicate was handled too
            "mapper",
            amqp_url=rabbitmq_url,
            database_url=postgres_url,
            metrics_url=f"{mapper_url}/metrics",
        )
        assert len(results.of_run(command.correlation_id, "mapping.record.mapped.v1")) == 1
        assert len(results.of_run(command.correlation_id, "audit.step.recorded.v1")) == 1
        body = mapping.RecordMappedV1.model_validate(mapped.payload)
        assert body.mapping_id == "default:orders/shopify_to_mplus"
        assert body.mapping_version == 0
        assert body.record["billing_address"]["house_number"] == "123"
        assert (mapped.tenant_id, mapped.causation_id, mapped.flow) == (
            command.tenant_id,
            command.id,
            "orders",
        )
        assert audit.payload["step"] == "map"
        assert audit.payload["outcome"] == "ok"
        assert audit.payload["sent_payload"] == body.record
        assert audit.payload["source_payload"]["billing_address"]["line1"] == "Keizersgracht 123a"

    async def test_a_failing_tenant_mapping_fails_the_record_with_the_field(
        self,
        results: Results,
        send: publisher.Publisher,
        client_for: ClientFor,
    ) -> None:
        command = map_command({"source_id": "boom", "currency": "EUR"})
        assert command.correlation_id is not None
        assert command.integration_id is not None
        # Passes on the shipped samples (so the save is accepted), fails on this record.
        failing = "source_id = 'boom' ? $substring(1, 'x') : currency"
        document = {"fields": {"source_id": "source_id", "currency": failing}}
        async with client_for(command.tenant_id) as client:
            saved = await client.put(
                f"/v1/integrations/{command.integration_id}/mappings/orders", json=document
            )
        assert saved.status_code == 201, saved.text
        await send.publish(command)
        failed = await results.wait_for(command.correlation_id, "mapping.record.failed.v1")
        audit = await results.wait_for(command.correlation_id, "audit.step.recorded.v1")
        assert failed.payload["field"] == "currency"
        assert failed.payload["mapping_version"] == 1
        assert audit.payload["outcome"] == "failed"
        assert audit.payload["sent_payload"] is None
        assert results.of_run(command.correlation_id, "mapping.record.mapped.v1") == []

    async def test_no_default_for_the_connector_pair_fails_with_a_clear_reason(
        self, results: Results, send: publisher.Publisher
    ) -> None:
        command = map_command({"source_id": "9", "currency": "EUR"}, target="nowhere")
        assert command.correlation_id is not None
        await send.publish(command)
        failed = await results.wait_for(command.correlation_id, "mapping.record.failed.v1")
        assert "No mapping for flow 'orders'" in failed.payload["reason"]


async def _save(
    client_for: ClientFor, command: Envelope, path: str, body: dict[str, Any]
) -> httpx.Response:
    async with client_for(command.tenant_id) as client:
        return await client.put(f"/v1/integrations/{command.integration_id}/{path}", json=body)


class TestTenantMappingsInRuns:
    async def test_an_overlay_changes_only_its_fields_and_reports_its_version(
        self, results: Results, send: publisher.Publisher, client_for: ClientFor
    ) -> None:
        sample = json.loads(SAMPLE.read_text("utf-8"))
        before = map_command(sample)
        after = map_command(sample, integration_id=before.integration_id)
        after = after.model_copy(update={"tenant_id": before.tenant_id})
        assert before.correlation_id is not None
        assert after.correlation_id is not None
        await send.publish(before)
        default_run = await results.wait_for(before.correlation_id, "mapping.record.mapped.v1")
        overlay = {
            "fields": {"note": "$uppercase(note)"},
            "constants": {"shipping_method": "Pickup"},
            "drop": ["extra"],
        }
        saved = await _save(
            client_for,
            before,
            "mappings/orders?source_connector=shopify&target_connector=mplus",
            overlay,
        )
        assert saved.status_code == 201, saved.text
        await send.publish(after)
        overlay_run = await results.wait_for(after.correlation_id, "mapping.record.mapped.v1")
        old = mapping.RecordMappedV1.model_validate(default_run.payload)
        new = mapping.RecordMappedV1.model_validate(overlay_run.payload)
        assert (old.mapping_version, new.mapping_version) == (0, 1)
        assert new.mapping_id == saved.json()["mapping_id"]
        changed = {
            key
            for key in old.record.keys() | new.record.keys()
            if old.record.get(key) != new.record.get(key)
        }
        assert changed == {"note", "shipping_method", "extra"}
        assert new.record["note"] == "PLEASE RING TWICE"
        assert new.record["shipping_method"] == "Pickup"
        audit = await results.wait_for(after.correlation_id, "audit.step.recorded.v1")
        assert audit.payload["mapping_version"] == 1

    @pytest.mark.parametrize(
        ("on_unmapped", "outcome"),
        [("use_default", "mapping.record.mapped.v1"), ("fail", "mapping.record.failed.v1")],
    )
    async def test_an_unmapped_payment_method_behaves_per_the_maps_setting(
        self,
        results: Results,
        send: publisher.Publisher,
        client_for: ClientFor,
        on_unmapped: str,
        outcome: str,
    ) -> None:
        sample = json.loads(SAMPLE.read_text("utf-8"))
        sample["payment_method"] = "bitcoin"
        command = map_command(sample)
        assert command.correlation_id is not None
        value_map = {"entries": {"ideal": "IDEAL"}, "default": "OTHER", "on_unmapped": on_unmapped}
        saved = await _save(client_for, command, "value-maps/payment_methods", value_map)
        assert saved.status_code == 200, saved.text
        await send.publish(command)
        result = await results.wait_for(command.correlation_id, outcome)
        if on_unmapped == "use_default":
            assert result.payload["record"]["payment_method"] == "OTHER"
        else:
            assert result.payload["field"] == "payment_method"
            assert "'bitcoin'" in result.payload["reason"]
            assert "'payment_methods'" in result.payload["reason"]
