"""A channel's version: GET gives an ETag, a PATCH with a stale If-Match is 412 and changes
nothing, so two edits made from the same read never silently overwrite each other."""

import asyncio
import uuid

import httpx
from notifier_support import auth


async def test_a_stale_if_match_is_412_and_changes_nothing(client: httpx.AsyncClient) -> None:
    tenant = uuid.uuid4()
    created = await client.post(
        "/v1/channels", json={"kind": "email", "address": "a@example.nl"}, headers=auth(tenant)
    )
    assert created.status_code == 201, created.text
    url = f"/v1/channels/{created.json()['id']}"
    read = await client.get(url, headers=auth(tenant))
    tag = read.headers["etag"]

    first = await client.patch(
        url, json={"address": "b@example.nl"}, headers={**auth(tenant), "If-Match": tag}
    )
    assert first.status_code == 200, first.text
    assert first.headers["etag"] != tag
    second = await client.patch(
        url, json={"address": "c@example.nl"}, headers={**auth(tenant), "If-Match": tag}
    )
    assert second.status_code == 412, second.text
    assert second.json()["code"] == "etag_mismatch"
    now = await client.get(url, headers=auth(tenant))
    assert now.json()["address"] == "b@example.nl"
    assert now.headers["etag"] == first.headers["etag"]


async def test_of_two_concurrent_edits_from_one_read_exactly_one_wins(
    client: httpx.AsyncClient,
) -> None:
    tenant = uuid.uuid4()
    created = await client.post(
        "/v1/channels", json={"kind": "email", "address": "a@example.nl"}, headers=auth(tenant)
    )
    url = f"/v1/channels/{created.json()['id']}"
    tag = (await client.get(url, headers=auth(tenant))).headers["etag"]
    answers = await asyncio.gather(
        *(
            client.patch(
                url, json={"address": f"{n}@example.nl"}, headers={**auth(tenant), "If-Match": tag}
            )
            for n in range(5)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 412, 412, 412, 412]


async def test_an_if_match_that_is_no_entity_tag_is_a_422_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    # An empty or unquoted If-Match names no version at all: refused as malformed (the
    # document's pattern), not answered 412 as if a version had changed.
    tenant = uuid.uuid4()
    created = await client.post(
        "/v1/channels", json={"kind": "email", "address": "a@example.nl"}, headers=auth(tenant)
    )
    url = f"/v1/channels/{created.json()['id']}"
    for malformed in ("", "abc", "null", '"unterminated'):
        answer = await client.patch(
            url, json={"address": "b@example.nl"}, headers={**auth(tenant), "If-Match": malformed}
        )
        assert answer.status_code == 422, (malformed, answer.text)
    assert (await client.get(url, headers=auth(tenant))).json()["address"] == "a@example.nl"


async def test_is_active_takes_only_a_boolean(client: httpx.AsyncClient) -> None:
    tenant = uuid.uuid4()
    created = await client.post(
        "/v1/channels", json={"kind": "email", "address": "a@example.nl"}, headers=auth(tenant)
    )
    url = f"/v1/channels/{created.json()['id']}"
    for not_a_boolean in (0, 1, "false", "yes"):
        answer = await client.patch(url, json={"is_active": not_a_boolean}, headers=auth(tenant))
        assert answer.status_code == 422, (not_a_boolean, answer.text)
        assert answer.json()["field"] == "is_active"
    assert (await client.get(url, headers=auth(tenant))).json()["is_active"] is True
    turned_off = await client.patch(url, json={"is_active": False}, headers=auth(tenant))
    assert turned_off.json()["is_active"] is False
