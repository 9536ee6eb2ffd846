"""A flow's settings carry a version: GET .../flows/{flow} answers an ETag, a PUT with a stale
If-Match is 412 and changes nothing, so two edits from one read never overwrite each other."""

import asyncio
import uuid

import httpx

from tests.integration.orchestrator.conftest import TokenFactory
from tests.integration.orchestrator.test_integrations_api import create_integration


async def test_a_stale_if_match_is_412_and_the_first_edit_stays(
    client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    headers = auth(uuid.uuid4())
    created = await create_integration(client, headers)
    url = f"/v1/integrations/{created['id']}/flows/orders"
    assert (await client.get(url, headers=headers)).status_code == 404  # not set up yet
    first = await client.put(url, json={"is_active": False}, headers=headers)
    assert first.status_code == 200, first.text
    tag = (await client.get(url, headers=headers)).headers["etag"]
    assert tag == first.headers["etag"]

    mine = {"is_active": False, "settings": {"employee_number": 42}}
    saved = await client.put(url, json=mine, headers={**headers, "If-Match": tag})
    assert saved.status_code == 200, saved.text
    theirs = {"is_active": False, "settings": {"employee_number": 7}}
    stale = await client.put(url, json=theirs, headers={**headers, "If-Match": tag})
    assert stale.status_code == 412, stale.text
    assert stale.json()["code"] == "etag_mismatch"
    # Not an entity tag at all (the document's pattern): 422 naming the header, not a 412.
    malformed = await client.put(url, json=theirs, headers={**headers, "If-Match": "42"})
    assert (malformed.status_code, malformed.json()["field"]) == (422, "If-Match")
    now = await client.get(url, headers=headers)
    assert now.json()["settings"]["employee_number"] == 42
    assert now.headers["etag"] == saved.headers["etag"]


async def test_of_concurrent_edits_from_one_read_exactly_one_wins(
    client: httpx.AsyncClient, auth: TokenFactory
) -> None:
    headers = auth(uuid.uuid4())
    created = await create_integration(client, headers)
    url = f"/v1/integrations/{created['id']}/flows/orders"
    tag = (await client.put(url, json={"is_active": False}, headers=headers)).headers["etag"]
    answers = await asyncio.gather(
        *(
            client.put(
                url,
                json={"is_active": False, "settings": {"employee_number": n + 1}},
                headers={**headers, "If-Match": tag},
            )
            for n in range(5)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 412, 412, 412, 412]
