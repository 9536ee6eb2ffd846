"""Tenant B cannot read, preview, change or use tenant A's mappings, tests or value maps."""

import json
import uuid
from collections.abc import Callable

import httpx

from syncyard_common.broker import publisher
from syncyard_common.messages import mapping
from tests.integration.mapper.conftest import SAMPLE, Results, map_command

ClientFor = Callable[..., httpx.AsyncClient]
PAIR = {"source_connector": "shopify", "target_connector": "mplus"}


class TestCrossTenant:
    async def test_every_route_of_another_tenants_integration_is_404(
        self, client_for: ClientFor
    ) -> None:
        integration, alice_id = uuid.uuid4(), uuid.uuid4()
        mappings = f"/v1/integrations/{integration}/mappings/orders"
        maps = f"/v1/integrations/{integration}/value-maps"
        async with client_for(alice_id) as alice:
            assert (await alice.put(mappings, json={"fields": {"note": "'A'"}})).status_code == 201
            put_map = await alice.put(f"{maps}/payment_methods", json={"entries": {"a": "A"}})
            assert put_map.status_code == 200
        preview = {"records": [{"source_id": "1", "currency": "EUR"}]}
        async with client_for() as bob:
            answers = {
                "get mapping": await bob.get(mappings, params=PAIR),
                "versions": await bob.get(f"{mappings}/versions"),
                "preview": await bob.post(f"{mappings}/preview", json=preview, params=PAIR),
                "save": await bob.put(mappings, json={"fields": {"note": "'B'"}}),
                "rollback": await bob.post(f"{mappings}/rollback", json={"version": 1}),
                "tests": await bob.get(f"{mappings}/tests"),
                "put tests": await bob.put(f"{mappings}/tests", json={"cases": []}),
                "value maps": await bob.get(maps),
                "value map": await bob.get(f"{maps}/payment_methods"),
                "put value map": await bob.put(f"{maps}/payment_methods", json={"entries": {}}),
            }
        assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)
        assert "'A'" not in answers["preview"].text
        async with client_for(alice_id) as alice:
            still = await alice.get(f"{maps}/payment_methods")
        assert still.json()["entries"] == {"a": "A"}

    async def test_a_run_of_tenant_b_never_uses_tenant_as_mapping_or_value_maps(
        self, client_for: ClientFor, results: Results, send: publisher.Publisher
    ) -> None:
        sample = json.loads(SAMPLE.read_text("utf-8"))
        command = map_command(sample)
        assert command.correlation_id is not None
        alice = uuid.uuid4()  # Alice owns the integration id the command names
        path = f"/v1/integrations/{command.integration_id}"
        async with client_for(alice) as client:
            saved = await client.put(f"{path}/mappings/orders", json={"constants": {"note": "A"}})
            strict = {"entries": {}, "on_unmapped": "fail"}
            await client.put(f"{path}/value-maps/payment_methods", json=strict)
        assert saved.status_code == 201, saved.text
        await send.publish(command)  # the command's tenant is not Alice
        mapped = await results.wait_for(command.correlation_id, "mapping.record.mapped.v1")
        body = mapping.RecordMappedV1.model_validate(mapped.payload)
        assert (body.mapping_id, body.mapping_version) == ("default:orders/shopify_to_mplus", 0)
        assert body.record["note"] == sample["note"]
        assert body.record["payment_method"] == sample["payment_method"]
