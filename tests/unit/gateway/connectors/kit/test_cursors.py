"""Every connector's cursor goes through the kit's codec and still reads what was stored."""

from datetime import UTC, datetime
from typing import Any

import pytest

from syncyard_gateway.connectors.bigcommerce import changes as bigcommerce
from syncyard_gateway.connectors.bigcommerce import periods as bigcommerce_periods
from syncyard_gateway.connectors.ecwid import changes as ecwid
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.kit.cursors import CursorCodec
from syncyard_gateway.connectors.mailchimp import changes as mailchimp
from syncyard_gateway.connectors.mijnwebwinkel import cursor as mijnwebwinkel
from syncyard_gateway.connectors.mplus import changes as mplus
from syncyard_gateway.connectors.shopify import changes as shopify

pytestmark = pytest.mark.unit
AT = datetime(2025, 1, 15, 10, 30, tzinfo=UTC)

# Cursor text as the connectors wrote it before the kit (poll_cursor rows keep it).
STORED: list[tuple[str, CursorCodec[Any], str, object]] = [
    ("bigcommerce", bigcommerce.CURSOR, "2025-01-15T10:30:00+00:00|42", (AT, 42)),
    ("bigcommerce period", bigcommerce_periods.PAGE_CURSOR, "3", 3),
    ("ecwid", ecwid.CURSOR, "1736937000|17", (1736937000, 17)),
    (
        "mailchimp member",
        mailchimp.MEMBER_CURSOR,
        '{"v":1,"since":"2025-01-15T10:30:00+00:00","seen":["a1","b2"]}',
        mailchimp.MemberCursor(since=AT, seen=frozenset({"a1", "b2"})),
    ),
    ("mailchimp position", mailchimp.POSITION_CURSOR, '{"v":1,"offset":40}', 40),
    (
        "mijnwebwinkel",
        mijnwebwinkel.CURSOR,
        '{"v":1,"start":"2025-01-15 10:30:00","seen":["7@2025-01-15 10:30:00"],"offset":100,'
        '"high":"2025-01-15 10:31:00","high_keys":["9@2025-01-15 10:31:00"]}',
        mijnwebwinkel.FeedCursor(
            start="2025-01-15 10:30:00",
            seen=frozenset({"7@2025-01-15 10:30:00"}),
            offset=100,
            high="2025-01-15 10:31:00",
            high_keys=frozenset({"9@2025-01-15 10:31:00"}),
        ),
    ),
    (
        "shopify",
        shopify.CURSOR,
        "2025-01-15T10:30:00+00:00|7:9|eyJsYXN0X2lkIjo3fQ",
        shopify.Position((AT, (7, 9)), "eyJsYXN0X2lkIjo3fQ"),
    ),
    (
        "shopify stock",
        shopify.CURSOR,
        "2025-01-15T10:30:00+00:00|7:9",
        shopify.Position((AT, (7, 9))),
    ),
    ("mplus", mplus.CURSOR, "1234", 1234),
]
IDS = [case[0] for case in STORED]


@pytest.mark.parametrize(("name", "codec", "text", "position"), STORED, ids=IDS)
def test_a_stored_cursor_reads_and_is_written_the_same(
    name: str, codec: CursorCodec[Any], text: str, position: object
) -> None:
    assert codec.decode(text) == position, name
    assert codec.encode(position) == text, name


@pytest.mark.parametrize(("name", "codec", "text", "position"), STORED, ids=IDS)
def test_foreign_text_is_a_data_error_not_a_crash(
    name: str, codec: CursorCodec[Any], text: str, position: object
) -> None:
    for foreign in ("yesterday|x", "[1, 2]", "-5", ""):
        with pytest.raises(ConnectorDataError) as refused:
            codec.decode(foreign)
        assert refused.value.code in ("bad_cursor", "cursor_unreadable"), (name, foreign)


def test_no_cursor_is_the_start() -> None:
    assert bigcommerce.CURSOR.decode(None) is None
    assert bigcommerce_periods.PAGE_CURSOR.decode(None) == 1
    assert mplus.CURSOR.decode(None) == 0
    assert mailchimp.POSITION_CURSOR.decode(None) == 0
    assert mailchimp.MEMBER_CURSOR.decode(None) == mailchimp.MemberCursor()
    assert mijnwebwinkel.CURSOR.decode(None) == mijnwebwinkel.FeedCursor()
    assert shopify.CURSOR.decode(None) == shopify.Position(None)


def test_the_refusal_names_the_cursor_and_keeps_the_connector_code() -> None:
    with pytest.raises(ConnectorDataError) as refused:
        mplus.CURSOR.decode("page-2")
    assert "'page-2'" in refused.value.reason
    with pytest.raises(ConnectorDataError) as unreadable:
        mijnwebwinkel.CURSOR.decode('{"v":2}')
    assert unreadable.value.code == "cursor_unreadable"
