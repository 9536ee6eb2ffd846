"""A mapping's version is its ETag: a save with a stale If-Match is 412 and saves nothing, so
two edits made from one read never silently overwrite each other."""

import uuid
from collections.abc import Callable

import httpx

ClientFor = Callable[..., httpx.AsyncClient]
PAIR = {"source_connector": "shopify", "target_connector": "mplus"}


async def test_a_stale_if_match_is_412_and_the_first_save_stays(client_for: ClientFor) -> None:
    url = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
    async with client_for(uuid.uuid4()) as client:
        default = await client.get(url, params=PAIR)
        assert default.status_code == 200, default.text
        tag = default.headers["etag"]
        assert tag == '"0"'  # nothing saved: the shipped default
        mine = await client.put(url, json={"fields": {"note": "'A'"}}, headers={"If-Match": tag})
        assert mine.status_code == 201, mine.text
        assert mine.headers["etag"] == '"1"'
        theirs = await client.put(url, json={"fields": {"note": "'B'"}}, headers={"If-Match": tag})
        assert theirs.status_code == 412, theirs.text
        assert theirs.json()["code"] == "etag_mismatch"
        now = await client.get(url, params=PAIR)
        assert (now.headers["etag"], now.json()["version"]) == ('"1"', 1)


async def test_if_match_is_compared_only_on_a_flow_and_integration_of_the_caller(
    client_for: ClientFor,
) -> None:
    """What would fail without If-Match fails as such (RFC 9110 section 13.2.1): an unknown
    flow or another tenant's integration is 404, not 412 (schemathesis: 412 for flow AAA)."""
    integration = uuid.uuid4()
    url = f"/v1/integrations/{integration}/mappings"
    draft = {"fields": {"note": "'A'"}}
    async with client_for(uuid.uuid4()) as owner:
        assert (await owner.put(f"{url}/orders", json=draft)).status_code == 201
        unknown = await owner.put(f"{url}/AAA", json=draft, headers={"If-Match": '"9"'})
        assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_flow")
    async with client_for(uuid.uuid4()) as other:
        theirs = await other.put(f"{url}/orders", json=draft, headers={"If-Match": '"9"'})
        assert theirs.status_code == 404, theirs.text


async def test_a_malformed_if_match_is_422_naming_it_and_saves_nothing(
    client_for: ClientFor,
) -> None:
    """Not ``*`` nor a list of entity tags: no version at all, so no 412 (the document says
    the header's pattern)."""
    url = f"/v1/integrations/{uuid.uuid4()}/mappings/orders"
    async with client_for(uuid.uuid4()) as client:
        for malformed in ("", "1", '"1', "W/1"):
            refused = await client.put(
                url, json={"fields": {"note": "'A'"}}, headers={"If-Match": malformed}
            )
            assert (refused.status_code, refused.json()["field"]) == (422, "If-Match"), malformed
        assert (await client.get(f"{url}/versions")).json() == []
        # Each names the version then current (a list of tags, or any version at all).
        for well_formed in ('"0"', '"7", "1"', "*"):
            saved = await client.put(
                url, json={"fields": {"note": "'A'"}}, headers={"If-Match": well_formed}
            )
            assert saved.status_code == 201, (well_formed, saved.text)
        versions = await client.get(f"{url}/versions")
        assert [item["version"] for item in versions.json()] == [3, 2, 1]
