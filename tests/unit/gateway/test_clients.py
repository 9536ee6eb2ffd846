"""One shared HTTP client and a bounded number of concurrent calls per remote host."""

import asyncio

import httpx

from syncyard_gateway.egress.clients import ClientPool, host_key


class TestClientPool:
    async def test_one_client_per_host(self) -> None:
        pool = ClientPool(httpx.AsyncClient)
        try:
            first = pool.for_url("https://Shop.example:443/admin/api")
            assert pool.for_url("https://shop.example/other") is first
            assert pool.for_url("http://shop.example/") is not first
            assert pool.for_url("https://other.example/") is not first
            assert pool.for_url(None) is pool.for_url("")
        finally:
            await pool.close()

    def test_host_key_normalises_default_ports(self) -> None:
        assert host_key("https://A.example") == "https://a.example:443"
        assert host_key("http://a.example:8101/x?y=1") == "http://a.example:8101"

    async def test_slots_bound_concurrent_calls_per_host(self) -> None:
        pool = ClientPool(httpx.AsyncClient, max_concurrent_per_host=2)
        running = peak = 0

        async def call(url: str) -> None:
            nonlocal running, peak
            async with pool.slot(url):
                running += 1
                peak = max(peak, running)
                await asyncio.sleep(0.01)
                running -= 1

        await asyncio.gather(*(call("https://a.example/") for _ in range(6)))
        assert peak == 2
        running = peak = 0
        await asyncio.gather(call("https://a.example/"), call("https://b.example/"))
        assert peak == 2  # another host has slots of its own
