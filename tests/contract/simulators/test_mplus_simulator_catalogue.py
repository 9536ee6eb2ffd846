"""The Mplus simulator over a real socket: products, stock and relations."""

from collections.abc import Iterator

import httpx
import pytest
from lxml import etree

from tests.contract.simulators.mplus_soap import (
    NS,
    call,
    running_simulator,
    seed_articles,
    text,
)

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_simulator() as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        http.post("/_sim/reset").raise_for_status()
        yield http


GET_PRODUCTS = "<ns1:request>{filters}<ns1:pluNumbers>{plus}</ns1:pluNumbers>{paging}</ns1:request>"


def article_numbers(response: etree._Element) -> list[int]:
    path = "m:productList/m:product/m:articleList/m:article/m:articleNumber"
    return [int(n.text or 0) for n in response.findall(path, NS)]


def max_marker(response: etree._Element) -> int:
    return max(int(m.text or 0) for m in response.findall(".//m:article/m:syncMarker", NS))


class TestProducts:
    def test_filters_by_plu_and_article_number(self, client: httpx.Client) -> None:
        seed_articles(
            client,
            {"articleNumber": 11, "pluNumber": "SKU-A", "description": "A", "priceIncl": 100},
            {"articleNumber": 12, "pluNumber": "SKU-B", "description": "B", "priceIncl": 200},
        )
        by_plu = call(
            client,
            "getProducts",
            GET_PRODUCTS.format(
                filters="", plus="<ns1:text><ns1:text>SKU-B</ns1:text></ns1:text>", paging=""
            ),
        )
        assert article_numbers(by_plu) == [12]
        by_number = call(
            client,
            "getProducts",
            GET_PRODUCTS.format(
                filters="<ns1:articleNumbers>11</ns1:articleNumbers>", plus="", paging=""
            ),
        )
        assert article_numbers(by_number) == [11]
        price = by_number.findtext(
            "m:productList/m:product/m:articleList/m:article/m:priceIncl", namespaces=NS
        )
        assert price == "100"

    def test_sync_marker_pages_in_articles_and_keeps_first_product_whole(
        self, client: httpx.Client
    ) -> None:
        seed_articles(
            client,
            *(
                {"articleNumber": n, "productNumber": 7, "description": "shirt", "priceIncl": 1}
                for n in (21, 22, 23)
            ),
            {"articleNumber": 31, "description": "cap", "priceIncl": 1},
            {"articleNumber": 32, "description": "bag", "priceIncl": 1},
        )
        paging = "<ns1:syncMarker>{m}</ns1:syncMarker><ns1:syncMarkerLimit>2</ns1:syncMarkerLimit>"
        first = call(
            client,
            "getProducts",
            GET_PRODUCTS.format(filters="", plus="", paging=paging.format(m=0)),
        )
        assert article_numbers(first) == [21, 22, 23]  # limit 2, but product 7 stays whole
        second = call(
            client,
            "getProducts",
            GET_PRODUCTS.format(filters="", plus="", paging=paging.format(m=max_marker(first))),
        )
        assert article_numbers(second) == [31, 32]
        create = call(
            client,
            "createProduct",
            "<ns1:product><ns1:description>new</ns1:description>"
            "<ns1:articleList><ns1:article><ns1:description>new</ns1:description>"
            "<ns1:priceIncl>500</ns1:priceIncl></ns1:article></ns1:articleList>"
            "</ns1:product>",
        )
        assert text(create, "m:result") == "CREATE-PRODUCT-RESULT-OK"
        assert int(text(create, "m:syncMarker")) > max_marker(first)
        third = call(
            client,
            "getProducts",
            GET_PRODUCTS.format(
                filters="",
                plus="",
                paging=paging.format(m=max_marker(second)),
            ),
        )
        assert article_numbers(third) == [int(text(create, "m:articleNumbers"))]
        taken = call(
            client,
            "createProduct",
            "<ns1:product><ns1:articleList><ns1:article>"
            "<ns1:articleNumber>31</ns1:articleNumber></ns1:article></ns1:articleList>"
            "</ns1:product>",
        )
        assert (
            text(taken, "m:result") == "CREATE-PRODUCT-RESULT-FAILED-ARTICLE-NUMBER-ALREADY-TAKEN"
        )

    def test_update_product_adds_articles_and_bumps_markers(self, client: httpx.Client) -> None:
        seed_articles(
            client, {"articleNumber": 51, "productNumber": 5, "description": "t", "priceIncl": 1}
        )
        before = int(text(call(client, "getCurrentSyncMarkers"), "m:articleSyncMarker"))
        updated = call(
            client,
            "updateProduct",
            "<ns1:product><ns1:productNumber>5</ns1:productNumber><ns1:articleList>"
            "<ns1:article><ns1:articleNumber>51</ns1:articleNumber>"
            "<ns1:priceIncl>250</ns1:priceIncl></ns1:article>"
            "<ns1:article><ns1:description>t XL</ns1:description></ns1:article>"
            "</ns1:articleList></ns1:product>",
        )
        assert text(updated, "m:result") == "UPDATE-PRODUCT-RESULT-OK"
        assert text(updated, "m:existingArticleNumbers") == "51"
        assert int(text(updated, "m:syncMarker")) == before + 2
        articles = {a["articleNumber"]: a for a in client.get("/_sim/articles").json()}
        assert articles[51]["priceIncl"] == 250
        assert articles[int(text(updated, "m:newArticleNumbers"))]["productNumber"] == 5
        missing = call(
            client,
            "updateProduct",
            "<ns1:product><ns1:productNumber>99</ns1:productNumber></ns1:product>",
        )
        assert text(missing, "m:result") == "UPDATE-PRODUCT-RESULT-NOT-FOUND"


class TestStock:
    def test_set_update_and_read_stock(self, client: httpx.Client) -> None:
        seed_articles(
            client,
            {"articleNumber": 41, "description": "stocked", "priceIncl": 1},
            {"articleNumber": 42, "description": "service", "priceIncl": 1, "stockArticle": False},
        )
        req = (
            "<ns1:request><ns1:branchNumber>1</ns1:branchNumber><ns1:articleNumber>{a}"
            "</ns1:articleNumber><ns1:{f}>{n}</ns1:{f}></ns1:request>"
        )
        ok = call(client, "setStock", req.format(a=41, f="amount", n=10))
        assert text(ok, "m:result") == "SET-STOCK-RESULT-OK"
        moved = call(client, "updateStock", req.format(a=41, f="amountChanged", n=-3))
        assert int(text(moved, "m:stockId")) > int(text(ok, "m:stockId"))
        no_stock = call(client, "setStock", req.format(a=42, f="amount", n=1))
        assert text(no_stock, "m:result") == "SET-STOCK-RESULT-NO-STOCK-ARTICLE"
        missing = call(client, "updateStock", req.format(a=99, f="amountChanged", n=1))
        assert text(missing, "m:result") == "UPDATE-STOCK-RESULT-ARTICLE-NOT-FOUND"
        stock = call(
            client,
            "getStock",
            "<ns1:request><ns1:branchNumber>1</ns1:branchNumber>"
            "<ns1:articleNumbers><ns1:articleNumbers>41</ns1:articleNumbers>"
            "</ns1:articleNumbers></ns1:request>",
        )
        assert text(stock, "m:articleStocks/m:amountFree") == "7"
        assert text(call(client, "getCurrentSyncMarkers"), "m:stockId") == text(moved, "m:stockId")
        history = call(
            client,
            "getStockHistory",
            "<ns1:request><ns1:branchNumber>1</ns1:branchNumber>"
            f"<ns1:sinceStockId>{text(ok, 'm:stockId')}</ns1:sinceStockId></ns1:request>",
        )
        assert [c.text for c in history.findall("m:articleStockHistory/m:amountChanged", NS)] == [
            "-3"
        ]


RELATION = (
    "<ns1:relation><ns1:name>{name}</ns1:name><ns1:email>{email}</ns1:email>{extra}</ns1:relation>"
)


class TestRelations:
    def test_find_relation_is_fuzzy_and_v2_exact(self, client: httpx.Client) -> None:
        call(client, "createRelation", RELATION.format(name="Ann", email="ann@shop.nl", extra=""))
        bob = call(
            client, "createRelation", RELATION.format(name="Jo", email="Jo@Example.com", extra="")
        )
        probe = "<ns1:relation><ns1:email>o@example.com</ns1:email></ns1:relation>"
        fuzzy = call(client, "findRelation", probe)
        assert text(fuzzy, "m:relation/m:relationNumber") == text(bob, "m:relationNumber")
        exact = call(
            client,
            "findRelationV2",
            f"<ns1:request>{probe}<ns1:exactMatch>true</ns1:exactMatch></ns1:request>",
        )
        assert text(exact, "m:result") == "FIND-RELATION-RESULT-NOT-FOUND"
        hit = call(
            client,
            "findRelationV2",
            "<ns1:request><ns1:relation><ns1:email>"
            "jo@example.COM</ns1:email></ns1:relation><ns1:exactMatch>true</ns1:exactMatch>"
            "</ns1:request>",
        )
        assert text(hit, "m:result") == "FIND-RELATION-RESULT-OK"
        assert text(hit, "m:relation/m:name") == "Jo"

    def test_company_contacts_get_numbers_and_markers_rise(self, client: httpx.Client) -> None:
        contact = (
            "<ns1:contactList><ns1:relation><ns1:name>Piet</ns1:name></ns1:relation>"
            "</ns1:contactList><ns1:companyName>Acme BV</ns1:companyName>"
        )
        company = call(
            client,
            "createRelation",
            RELATION.format(name="Acme", email="info@acme.nl", extra=contact),
        )
        number = text(company, "m:relationNumber")
        got = call(client, "getRelation", f"<ns1:relationNumber>{number}</ns1:relationNumber>")
        assert text(got, "m:relation/m:contactList/m:relation/m:name") == "Piet"
        assert text(got, "m:relation/m:contactList/m:relation/m:relationNumber") != number
        updated = call(
            client,
            "updateRelation",
            f"<ns1:relation><ns1:relationNumber>{number}"
            "</ns1:relationNumber><ns1:city>Utrecht</ns1:city></ns1:relation>",
        )
        assert int(text(updated, "m:syncMarker")) > int(text(company, "m:syncMarker"))
        feed = call(
            client,
            "getRelations",
            "<ns1:request><ns1:syncMarker>"
            f"{text(company, 'm:syncMarker')}</ns1:syncMarker></ns1:request>",
        )
        assert [n.text for n in feed.findall("m:relationList/m:relation/m:relationNumber", NS)] == [
            number
        ]
        missing = call(client, "getRelation", "<ns1:relationNumber>999</ns1:relationNumber>")
        assert text(missing, "m:result") == "GET-RELATION-RESULT-NOT-FOUND"
