"""Mailchimp simulator audience webhooks: validation GET, form-encoded deliveries, retries, 410."""

import hashlib
import time
from collections.abc import Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from syncyard_sim_mailchimp.testing import WebhookReceiver, running_receiver
from tests.contract.simulators import mailchimp_sim
from tests.contract.simulators.mailchimp_sim import LIST_ID, MEMBERS_PATH
from tests.fixtures.eventually import eventually_sync

HOOKS = f"/3.0/lists/{LIST_ID}/webhooks"
SIM_MEMBERS = f"/_sim/lists/{LIST_ID}/members"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from mailchimp_sim.simulator_url()


@pytest.fixture
def sim(base_url: str) -> Iterator[httpx.Client]:
    yield from mailchimp_sim.control_client(base_url)


@pytest.fixture
def api(base_url: str, sim: httpx.Client) -> Iterator[httpx.Client]:
    yield from mailchimp_sim.api_client(base_url)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with running_receiver() as receiver:
        yield receiver


def _form(body: bytes) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(body.decode()).items()}


def _hook(api: httpx.Client, url: str, **extra: object) -> httpx.Response:
    return api.post(HOOKS, json={"url": url, **extra})


def _deliveries(sim: httpx.Client) -> list[dict[str, object]]:
    found: list[dict[str, object]] = sim.get("/_sim/deliveries").json()["deliveries"]
    return found


def _wait_state(sim: httpx.Client, state: str) -> dict[str, object]:
    def reached() -> dict[str, object]:
        done = [d for d in _deliveries(sim) if d["state"] == state]
        assert done, _deliveries(sim)
        return done[0]

    return eventually_sync(reached, timeout=10, what=f"a delivery {state}")


class TestRegistration:
    def test_create_validates_the_url_with_a_get(
        self, api: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        response = _hook(api, receiver.url)
        assert response.status_code == 200, response.text
        assert receiver.validations == 1
        body = response.json()
        assert body["url"] == receiver.url
        assert body["sources"] == {"user": True, "admin": True, "api": False}
        assert body["events"]["subscribe"] is True
        assert body["events"]["campaign"] is False
        listed = api.get(HOOKS).json()
        assert [w["id"] for w in listed["webhooks"]] == [body["id"]]

    def test_url_that_does_not_answer_200_is_refused(
        self, api: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        receiver.get_status = 404
        response = _hook(api, receiver.url)
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "url"
        assert api.get(HOOKS).json()["total_items"] == 0


class TestDelivery:
    def test_signup_is_posted_form_encoded(
        self, api: httpx.Client, sim: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        _hook(api, receiver.url)
        member = sim.post(SIM_MEMBERS, json=mailchimp_sim.member("Anna@Example.nl")).json()
        ((headers, body, path),) = receiver.wait_for(1)
        assert headers["content-type"] == "application/x-www-form-urlencoded"
        assert path.endswith("?secret=s3cret")
        assert body.startswith(b"type=subscribe&fired_at=")
        form = _form(body)
        assert form["data[id]"] == member["unique_email_id"]
        assert form["data[email]"] == "Anna@Example.nl"
        assert form["data[list_id]"] == LIST_ID
        assert form["data[merges][FNAME]"] == "Anna"
        assert form["data[merges][EMAIL]"] == "Anna@Example.nl"
        time.strptime(form["fired_at"], "%Y-%m-%d %H:%M:%S")

    def test_admin_edits_fire_profile_upemail_and_unsubscribe(
        self, api: httpx.Client, sim: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        _hook(api, receiver.url)
        sim.post(SIM_MEMBERS, json=mailchimp_sim.member("piet@example.nl", "Piet"))
        hashed = hashlib.md5(b"piet@example.nl").hexdigest()
        sim.patch(f"{SIM_MEMBERS}/{hashed}", json={"merge_fields": {"LNAME": "Jansen"}})
        sim.patch(f"{SIM_MEMBERS}/{hashed}", json={"email_address": "p.jansen@example.nl"})
        new_hash = hashlib.md5(b"p.jansen@example.nl").hexdigest()
        sim.patch(f"{SIM_MEMBERS}/{new_hash}", json={"status": "unsubscribed"})
        forms = [_form(body) for _, body, _ in receiver.wait_for(4)]
        assert [f["type"] for f in forms] == ["subscribe", "profile", "upemail", "unsubscribe"]
        assert forms[1]["data[merges][LNAME]"] == "Jansen"
        assert (forms[2]["data[old_email]"], forms[2]["data[new_email]"]) == (
            "piet@example.nl",
            "p.jansen@example.nl",
        )
        assert forms[3]["data[action]"] == "unsub"

    def test_api_changes_are_sent_only_when_the_api_source_is_on(
        self, api: httpx.Client, sim: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        _hook(api, receiver.url)
        api.post(MEMBERS_PATH, json=mailchimp_sim.member("quiet@example.nl"))
        api.post(HOOKS, json={"url": receiver.url, "sources": {"api": True}})
        api.post(MEMBERS_PATH, json=mailchimp_sim.member("loud@example.nl"))
        ((_, body, _),) = receiver.wait_for(1)
        time.sleep(0.2)
        assert len(receiver.received) == 1
        assert _form(body)["data[email]"] == "loud@example.nl"

    def test_failed_delivery_is_retried(
        self, api: httpx.Client, sim: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        receiver.statuses = [500, 500]
        _hook(api, receiver.url)
        sim.post(SIM_MEMBERS, json=mailchimp_sim.member("retry@example.nl"))
        delivered = _wait_state(sim, "delivered")
        assert delivered["statuses"] == [500, 500, 200]
        bodies = {body for _, body, _ in receiver.received}
        assert len(bodies) == 1

    def test_410_disables_the_webhook_at_once(
        self, api: httpx.Client, sim: httpx.Client, receiver: WebhookReceiver
    ) -> None:
        receiver.statuses = [410]
        _hook(api, receiver.url)
        sim.post(SIM_MEMBERS, json=mailchimp_sim.member("gone@example.nl"))
        disabled = _wait_state(sim, "disabled")
        assert disabled["statuses"] == [410]
        sim.post(SIM_MEMBERS, json=mailchimp_sim.member("later@example.nl"))
        time.sleep(0.3)
        assert len(receiver.received) == 1
        assert len(_deliveries(sim)) == 1
