"""A connection's version: GET answers an ETag; a PATCH with a stale If-Match is 412 and
changes nothing, so two edits made from one read never silently overwrite each other."""

import uuid

from tests.integration.gateway import factories
from tests.integration.gateway.conftest import RunningGateway


async def test_a_stale_if_match_is_412_and_the_first_edit_stays(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    async with gateway.client(tenant_id) as client:
        created = await factories.create_connection(client)
        url = f"/v1/connections/{created['id']}"
        tag = (await client.get(url)).headers["etag"]
        first = await client.patch(url, json={"name": "Shop B"}, headers={"If-Match": tag})
        assert first.status_code == 200, first.text
        assert first.headers["etag"] != tag
        stale = await client.patch(url, json={"name": "Shop C"}, headers={"If-Match": tag})
        assert stale.status_code == 412, stale.text
        assert stale.json()["code"] == "etag_mismatch"
        now = await client.get(url)
        assert now.json()["name"] == "Shop B"
        assert now.headers["etag"] == first.headers["etag"]
        unconditional = await client.patch(url, json={"name": "Shop D"})
        assert unconditional.status_code == 200  # If-Match is optional
