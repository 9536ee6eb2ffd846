"""The Mplus simulator over a real socket: article groups, deliverOrder, fail-next mode."""

from collections.abc import Iterator

import httpx
import pytest
from lxml import etree

from tests.contract.simulators.mplus_soap import (
    CREDS,
    NS,
    call,
    envelope,
    running_simulator,
    seed_articles,
    text,
)

pytestmark = pytest.mark.contract

NEW_GROUP = (
    "<ns1:request><ns1:parentGroupNumber>{parent}</ns1:parentGroupNumber>"
    "<ns1:name>{name}</ns1:name><ns1:text>{text}</ns1:text></ns1:request>"
)
CHANGES = (
    "<ns1:request><ns1:syncMarker>{since}</ns1:syncMarker>"
    "<ns1:syncMarkerLimit>{limit}</ns1:syncMarkerLimit></ns1:request>"
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_simulator() as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        http.post("/_sim/reset").raise_for_status()
        yield http


def new_group(client: httpx.Client, name: str, parent: int = 0, note: str = "") -> int:
    answer = call(client, "newArticleGroup", NEW_GROUP.format(parent=parent, name=name, text=note))
    assert text(answer, "m:result") == "NEW-ARTICLE-GROUP-RESULT-OK"
    return int(text(answer, "m:groupNumber"))


def changed(answer: etree._Element) -> list[tuple[int, int, bool]]:
    """(groupNumber, parentGroupNumber, isDeleted) of a getArticleGroupChanges answer."""
    rows = answer.findall("m:changedArticleGroupList/m:changedArticleGroups", NS)
    return [
        (
            int(text(row, "m:groupNumber")),
            int(text(row, "m:parentGroupNumber")),
            text(row, "m:isDeleted") == "true",
        )
        for row in rows
    ]


class TestArticleGroups:
    def test_tree_keeps_parents_and_lists_live_groups_only(self, client: httpx.Client) -> None:
        shoes = new_group(client, "Schoenen", note="Alle schoenen")
        boots = new_group(client, "Laarzen", parent=shoes)
        bags = new_group(client, "Tassen")
        deleted = call(
            client,
            "deleteArticleGroup",
            f"<ns1:request><ns1:groupNumber>{bags}</ns1:groupNumber></ns1:request>",
        )
        assert text(deleted, "m:result") == "DELETE-ARTICLE-GROUP-RESULT-OK"
        tree = call(client, "getArticleGroups", "<ns1:request/>")
        tops = tree.findall("m:articleGroupList/m:articleGroups", NS)
        assert [text(g, "m:name") for g in tops] == ["Schoenen"]
        assert text(tops[0], "m:text") == "Alle schoenen"
        nested = tops[0].findall("m:subGroupList/m:articleGroups", NS)
        assert [int(text(g, "m:groupNumber")) for g in nested] == [boots]

    def test_changes_page_by_marker_and_include_deleted_groups(self, client: httpx.Client) -> None:
        first = new_group(client, "A")
        second = new_group(client, "B", parent=first)
        call(
            client,
            "deleteArticleGroup",
            f"<ns1:request><ns1:groupNumber>{second}</ns1:groupNumber></ns1:request>",
        )
        page = call(client, "getArticleGroupChanges", CHANGES.format(since=0, limit=1))
        assert changed(page) == [(first, 0, False)]
        marker = int(text(page, "m:changedArticleGroupList/m:changedArticleGroups/m:syncMarker"))
        rest = call(client, "getArticleGroupChanges", CHANGES.format(since=marker, limit=10))
        assert changed(rest) == [(second, first, True)]
        markers = call(client, "getCurrentSyncMarkers")
        assert int(text(markers, "m:articleGroupSyncMarker")) == 3

    def test_update_renames_and_moves_and_refuses_unknown_groups(
        self, client: httpx.Client
    ) -> None:
        top = new_group(client, "Top")
        other = new_group(client, "Ander")
        update = (
            "<ns1:request><ns1:groupNumber>{n}</ns1:groupNumber><ns1:name>{name}</ns1:name>"
            "<ns1:parentGroupNumber>{parent}</ns1:parentGroupNumber></ns1:request>"
        )
        ok = call(client, "updateArticleGroup", update.format(n=other, name="Nieuw", parent=top))
        assert text(ok, "m:result") == "SAVE-ARTICLE-GROUP-RESULT-OK"
        assert changed(
            call(client, "getArticleGroupChanges", CHANGES.format(since=2, limit=5))
        ) == [(other, top, False)]
        missing = call(client, "updateArticleGroup", update.format(n=99, name="X", parent=0))
        assert text(missing, "m:result") == "SAVE-ARTICLE-GROUP-RESULT-NOT-FOUND"
        orphan = call(client, "newArticleGroup", NEW_GROUP.format(parent=99, name="X", text=""))
        assert text(orphan, "m:result") == "NEW-ARTICLE-GROUP-RESULT-PARENT-NOTFOUND"

    def test_products_filter_by_group(self, client: httpx.Client) -> None:
        group = new_group(client, "Brood")
        product = (
            "<ns1:product><ns1:description>Brood</ns1:description><ns1:articleList>"
            "<ns1:article><ns1:articleNumber>51</ns1:articleNumber>"
            "<ns1:description>Brood</ns1:description></ns1:article></ns1:articleList>"
            f"<ns1:groupNumbers>{group}</ns1:groupNumbers></ns1:product>"
        )
        assert (
            text(call(client, "createProduct", product), "m:result") == "CREATE-PRODUCT-RESULT-OK"
        )
        seed_articles(client, {"articleNumber": 52, "description": "Kaas", "priceIncl": 1})
        found = call(
            client,
            "getProducts",
            f"<ns1:request><ns1:groupNumbers>{group}</ns1:groupNumbers>"
            "<ns1:pluNumbers/></ns1:request>",
        )
        numbers = found.findall(".//m:article/m:articleNumber", NS)
        assert [int(n.text or 0) for n in numbers] == [51]


class TestDeliverOrder:
    def test_delivers_once_then_says_already_delivered(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 61, "description": "A", "priceIncl": 100})
        seeded = client.post(
            "/_sim/orders", json=[{"extOrderId": "web-1", "lines": [{"articleNumber": 61}]}]
        )
        order_id = seeded.json()[0]["orderId"]
        request = f"<ns1:request><ns1:orderId>{order_id}</ns1:orderId></ns1:request>"
        first = call(client, "deliverOrder", request)
        assert text(first, "m:result") == "DELIVER-ORDER-RESULT-OK"
        again = call(client, "deliverOrder", request)
        assert text(again, "m:result") == "DELIVER-ORDER-RESULT-ALREADY-DELIVERED"
        got = call(client, "getOrder", f"<ns1:orderId>{order_id}</ns1:orderId>")
        assert text(got, "m:order/m:deliveryState") == "ORDER-DELIVERY-STATE-COMPLETE"


class TestControl:
    def test_fail_next_answers_the_status_then_behaves_and_records_no_write(
        self, client: httpx.Client
    ) -> None:
        switch = {"fail_next": {"status": 429, "count": 1}}
        client.post("/_sim/faults", json=switch).raise_for_status()
        body = envelope("newArticleGroup", NEW_GROUP.format(parent=0, name="A", text=""))
        headers = {"Content-Type": "text/xml; charset=utf-8"}
        limited = client.post("/", params=CREDS, content=body, headers=headers)
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "1")
        client.post("/_sim/faults", json={"fail_next": {"status": 503}}).raise_for_status()
        down = client.post("/", params=CREDS, content=body, headers=headers)
        assert down.status_code == 503
        assert b"Server" in down.content
        new_group(client, "A")
        recorded = client.get("/_sim/requests").json()
        assert [(r["http_status"], r["is_mutation"]) for r in recorded] == [
            (429, False),
            (503, False),
            (200, True),
        ]

    def test_seeded_stock_and_groups_and_touch_move_the_markers(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 71, "description": "A", "priceIncl": 100})
        client.post("/_sim/stock", json=[{"articleNumber": 71, "amount": 5}]).raise_for_status()
        refused = client.post("/_sim/stock", json=[{"articleNumber": 99, "amount": 1}])
        assert refused.status_code == 422
        groups = client.post("/_sim/groups", json=[{"name": "Top"}]).json()
        child = client.post(
            "/_sim/groups", json=[{"name": "Kind", "parentGroupNumber": groups[0]["groupNumber"]}]
        ).json()
        assert child[0]["parentGroupNumber"] == groups[0]["groupNumber"]
        before = int(text(call(client, "getCurrentSyncMarkers"), "m:articleSyncMarker"))
        touched = client.post("/_sim/touch/article/71").json()
        assert touched["syncMarker"] == before + 1
        assert client.post("/_sim/touch/relation/5").status_code == 404
        markers = call(client, "getCurrentSyncMarkers")
        assert int(text(markers, "m:stockId")) == 1
