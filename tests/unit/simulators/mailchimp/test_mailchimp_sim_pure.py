"""Pure parts of the Mailchimp simulator: projection, concurrency gate, webhook bodies, events."""

from urllib.parse import parse_qsl

import pytest

from syncyard_sim_mailchimp import member_payload
from syncyard_sim_mailchimp.delivery import RETRY_DELAYS_S, form_body
from syncyard_sim_mailchimp.paging import trim
from syncyard_sim_mailchimp.problems import PROBLEM_TYPE, MailchimpError
from syncyard_sim_mailchimp.ratelimit import ConcurrencyGate
from syncyard_sim_mailchimp.settings import SimulatorSettings
from syncyard_sim_mailchimp.store import Store, subscriber_hash

pytestmark = pytest.mark.unit
PRODUCTS = {
    "products": [{"id": "P1", "title": "T", "variants": [{"id": "V", "sku": "S", "price": 1}]}],
    "total_items": 1,
}


class TestProjection:
    def test_fields_keep_dot_paths_through_lists(self) -> None:
        trimmed = trim(PRODUCTS, fields="products.variants.sku,total_items", exclude_fields=None)
        assert trimmed == {"products": [{"variants": [{"sku": "S"}]}], "total_items": 1}

    def test_exclude_fields_drop_dot_paths(self) -> None:
        trimmed = trim(PRODUCTS, fields=None, exclude_fields="products.variants.price,total_items")
        assert trimmed == {
            "products": [{"id": "P1", "title": "T", "variants": [{"id": "V", "sku": "S"}]}]
        }


class TestConcurrencyGate:
    def test_refuses_beyond_the_limit_until_a_slot_is_given_back(self) -> None:
        gate = ConcurrencyGate()
        assert [gate.enter("k", limit=2) for _ in range(3)] == [True, True, False]
        assert gate.enter("other", limit=2)
        gate.leave("k")
        assert gate.enter("k", limit=2)
        gate.leave("k")
        gate.leave("k")
        assert "k" not in gate.in_flight


class TestWebhookBodies:
    def test_form_body_is_url_encoded_with_bracketed_data_keys(self) -> None:
        body = form_body("subscribe", "2009-03-26 21:35:57", [("email", "api@mailchimp.com")])
        assert body == (
            "type=subscribe&fired_at=2009-03-26+21%3A35%3A57&data%5Bemail%5D=api%40mailchimp.com"
        )

    def test_retries_span_75_minutes(self) -> None:
        assert sum(RETRY_DELAYS_S) == 75 * 60

    def test_changes_fire_the_documented_events(self) -> None:
        store = Store(settings=SimulatorSettings(demo_data=False))
        member = member_payload.new_member(store, "L1", "Anna@Example.nl", "subscribed")
        assert member["id"] == subscriber_hash("anna@example.nl")
        events = member_payload.apply(store, member, {"merge_fields": {"FNAME": "Anna"}})
        assert [kind for kind, _ in events] == ["profile"]
        events = member_payload.apply(
            store, member, {"email_address": "a@b.nl", "status": "unsubscribed"}
        )
        assert [kind for kind, _ in events] == ["upemail", "unsubscribe"]
        unsubscribe = dict(parse_qsl(form_body("unsubscribe", "x", events[1][1])))
        assert unsubscribe["data[email]"] == "a@b.nl"
        assert unsubscribe["data[merges][FNAME]"] == "Anna"
        assert unsubscribe["data[action]"] == "unsub"
        assert member["id"] == subscriber_hash("a@b.nl")


def test_problem_document_has_every_field() -> None:
    body = MailchimpError(404).body()
    assert body["type"] == PROBLEM_TYPE
    assert (body["title"], body["status"]) == ("Resource Not Found", 404)
    assert set(body) == {"type", "title", "status", "detail", "instance"}
