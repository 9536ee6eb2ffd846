"""A webhook body is read as it streams in and never held beyond the limit."""

from collections.abc import AsyncIterator

from syncyard_gateway.connectors.shopify import webhooks
from syncyard_gateway.webhooks import streamed


class Sender:
    """Chunks on demand, counting how many the reader asked for."""

    def __init__(self, chunks: int, size: int = 1000) -> None:
        self.chunks, self.size, self.pulled = chunks, size, 0

    async def stream(self) -> AsyncIterator[bytes]:
        for i in range(self.chunks):
            self.pulled += 1
            yield bytes([48 + i % 10]) * self.size


async def test_a_body_within_the_limit_is_read_whole() -> None:
    read = await streamed.read(Sender(5).stream(), limit=5000)
    assert read.is_complete
    assert len(read.data) == 5000


async def test_reading_stops_at_the_limit_and_keeps_only_the_head() -> None:
    sender = Sender(1_000_000)
    read = await streamed.read(sender.stream(), limit=200_000)
    assert not read.is_complete
    assert sender.pulled == 201  # the chunk that crossed the limit is the last one read
    assert len(read.data) == streamed.HEAD_BYTES
    assert read.data[:1000] == b"0" * 1000


class TestShopifyIdFromTheHead:
    def test_finds_the_top_level_id_past_nested_ones(self) -> None:
        head = b'{"customer": {"id": 9}, "admin_graphql_api_id": "gid://x", "id": 6161, "line'
        assert webhooks.top_level_value(head, "id") == 6161

    def test_gives_up_when_the_head_ends_before_it(self) -> None:
        assert webhooks.top_level_value(b'{"note": "xxxxx', "id") is None
        assert webhooks.top_level_value(b"[1, 2]", "id") is None
        assert webhooks.top_level_value(b"", "id") is None

    def test_the_notice_needs_this_shop_a_topic_and_an_event_id(self) -> None:
        headers = {
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Shop-Domain": "zout.myshopify.com",
            "X-Shopify-Event-Id": "e1",
        }
        head = b'{"id": 6161, "line_items": [{"id": 1'
        event = webhooks.notice(headers=headers, head=head, shop_domain="zout.myshopify.com")
        assert event is not None
        assert (event.entity.value, event.entity_id, event.event_key) == (
            "orders",
            "6161",
            "e1:orders/create",
        )
        assert (
            webhooks.notice(headers=headers, head=head, shop_domain="other.myshopify.com") is None
        )
        untopical = {**headers, "X-Shopify-Topic": "app/uninstalled"}
        assert (
            webhooks.notice(headers=untopical, head=head, shop_domain="zout.myshopify.com") is None
        )
