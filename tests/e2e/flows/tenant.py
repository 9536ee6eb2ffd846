"""A tenant with MplusKASSA and one shop joined, set up and watched through the REST APIs only."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from scripts.system import RunningSystem, seed
from scripts.system.connections import CREDENTIALS
from syncyard_common.egress.trust import trust_store
from tests.fixtures.barrier import settled
from tests.fixtures.eventually import eventually

TERMINAL = {"done", "skipped", "failed"}
SHOPS = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel", "mailchimp")


def credentials(system: RunningSystem, vendor: str) -> dict[str, Any]:
    """The credentials the system's simulators accept (as the demo's connections use)."""
    url = system.url(f"sim-{vendor}")
    if vendor == "mplus":
        return {"base_url": url + "/", "ident": seed.MPLUS_IDENT, "secret": seed.MPLUS_SECRET}
    if vendor == "shopify":
        return {
            "shop_domain": seed.SHOP_DOMAIN,
            "access_token": seed.SHOP_ACCESS_TOKEN,
            "webhook_secret": seed.SHOP_WEBHOOK_SECRET,
            "api_version": seed.SHOP_API_VERSION,
            "base_url": url,
        }
    made = CREDENTIALS[vendor][1](url)
    if vendor == "mijnwebwinkel":  # the simulator's lists Maat and Kleur build the till's sizes
        made["option_list_ids"] = {"size": 193177, "colour": 193178}
    return made


class Tenant:
    """One tenant: MplusKASSA (the integration's source side) and one shop (its target side)."""

    def __init__(self, system: RunningSystem, shop: str) -> None:
        self.system = system
        self.shop = shop
        self.tenant_id = uuid.uuid4()
        token = seed.tenant_token(self.tenant_id, system.jwt_secret)
        self.api = httpx.AsyncClient(
            timeout=30, headers={"Authorization": f"Bearer {token}"}, verify=trust_store()
        )
        self.gateway = system.url("gateway")
        self.orchestrator = system.url("orchestrator")
        self.mplus_id = ""
        self.shop_id = ""
        self.integration_id = ""

    async def setup(self) -> None:
        self.mplus_id = await self.connect("mplus")
        self.shop_id = await self.connect(self.shop)
        integration = await seed.json_or_raise(
            await self.api.post(
                f"{self.orchestrator}/v1/integrations",
                json={
                    "name": f"MplusKASSA and {self.shop}",
                    "source_connection_id": self.mplus_id,
                    "target_connection_id": self.shop_id,
                    "source_connector": "mplus",
                    "target_connector": self.shop,
                },
            )
        )
        self.integration_id = integration["id"]

    async def connect(self, vendor: str) -> str:
        body = {"name": f"{vendor} e2e", "connector": vendor,
                "credentials": credentials(self.system, vendor)}  # fmt: skip
        made = await seed.json_or_raise(
            await self.api.post(f"{self.gateway}/v1/connections", json=body)
        )
        return str(made["id"])

    def connection_of(self, vendor: str) -> str:
        return self.mplus_id if vendor == "mplus" else self.shop_id

    def webhook_url(self) -> str:
        return f"{self.gateway}/v1/webhooks/{self.shop_id}"

    # --- flows -----------------------------------------------------------------------------
    async def configure(
        self,
        flow: str,
        *,
        source: str,
        settings: dict[str, Any] | None = None,
        is_active: bool = True,
        integration_id: str | None = None,
    ) -> httpx.Response:
        """PUT the flow with the direction that reads from ``source`` (mplus or the shop)."""
        direction = "source_to_target" if source == "mplus" else "target_to_source"
        return await self.api.put(
            f"{self.orchestrator}/v1/integrations/{integration_id or self.integration_id}"
            f"/flows/{flow}",
            json={"direction": direction, "is_active": is_active, "settings": settings or {}},
        )

    async def activate(
        self, flow: str, *, source: str, settings: dict[str, Any] | None = None
    ) -> None:
        response = await self.configure(flow, source=source, settings=settings)
        assert response.status_code == 200, response.text

    async def feed_ready(self, vendor: str, entity: str) -> None:
        """Wait until the polled side's feed for ``entity`` has a cursor: changes after it count."""
        url = f"{self.gateway}/v1/connections/{self.connection_of(vendor)}/polling"

        async def ready() -> bool:
            polling = await seed.json_or_raise(await self.api.get(url))
            feeds = {feed["entity"]: feed for feed in polling["entities"]}
            return bool(feeds[entity]["cursor"])

        await eventually(ready, timeout=20)

    # --- runs and the activity log ------------------------------------------------------------
    async def runs(self, flow: str) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {"integration_id": self.integration_id, "limit": 200}
        response = await self.api.get(f"{self.orchestrator}/v1/runs", params=params)
        response.raise_for_status()
        return [run for run in response.json()["items"] if run["flow"] == flow]

    async def finished(
        self, flow: str, *refs: str, count: int = 1, timeout: float = 30
    ) -> list[dict[str, Any]]:
        """The first ``count`` finished runs of ``flow`` about any of ``refs`` (SKU, e-mail,
        name, source id)."""

        async def ended() -> list[dict[str, Any]] | None:
            runs = [r for r in await self.runs(flow) if _is_about(r, refs)]
            done = [r for r in runs if r["state"] in TERMINAL]
            return done if len(done) >= count else None

        found: list[dict[str, Any]] = await eventually(ended, timeout=timeout)
        return sorted(found, key=lambda run: run["created_at"])

    async def done(self, flow: str, *refs: str, count: int = 1) -> dict[str, Any]:
        """The ``count``-th finished run about ``refs``, which must have written its record."""
        run = (await self.finished(flow, *refs, count=count))[count - 1]
        assert run["state"] == "done", (run["state"], run.get("failure_reason"))
        return run

    async def log(self, run_id: str) -> list[dict[str, Any]]:
        """The run's whole log, once the system has worked off every message (the logger
        writes after the run ends)."""
        await settled(self.system)
        response = await self.api.get(f"{self.system.url('logger')}/v1/runs/{run_id}/log")
        response.raise_for_status()
        return list(response.json()["entries"])

    async def log_with(
        self, run_id: str, *, step: str | None = None, text: str | None = None
    ) -> list[dict[str, Any]]:
        """The run's log once it holds an entry of ``step`` whose message has ``text``: the
        logger writes after the run ends, so a read right after would race it."""

        def matches(entry: dict[str, Any]) -> bool:
            return (step is None or entry["step"] == step) and (
                text is None or text in (entry["message"] or "")
            )

        async def written() -> list[dict[str, Any]] | None:
            response = await self.api.get(f"{self.system.url('logger')}/v1/runs/{run_id}/log")
            if response.status_code == 404:
                return None
            response.raise_for_status()
            entries = list(response.json()["entries"])
            return entries if any(matches(e) for e in entries) else None

        found: list[dict[str, Any]] = await eventually(written, timeout=30)
        return found

    async def close(self) -> None:
        # Deleted connections are no longer polled nor take webhooks. The integrations go
        # first: a connection an integration uses cannot be deleted (409).
        listed = await self.api.get(f"{self.orchestrator}/v1/integrations")
        for integration in listed.json().get("items", []) if listed.status_code == 200 else []:
            await self.api.delete(f"{self.orchestrator}/v1/integrations/{integration['id']}")
        for connection_id in (self.mplus_id, self.shop_id):
            if connection_id:
                await self.api.delete(f"{self.gateway}/v1/connections/{connection_id}")
        await self.api.aclose()


def _is_about(run: dict[str, Any], refs: tuple[str, ...]) -> bool:
    return run.get("entity_ref") in refs or run.get("source_entity_id") in refs
