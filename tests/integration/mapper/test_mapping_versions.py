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
