"""`make up`: the whole system with a demo tenant, on fixed local ports, until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import uuid
from pathlib import Path

from scripts.infra import start_postgres, start_rabbitmq, stop_postgres, stop_rabbitmq
from scripts.system import RunningSystem, start_system
from scripts.system.connections import TestedConnection, seed_connections
from scripts.system.frontdoor import FrontDoor, start_frontdoor
from scripts.system.processes import DEMO_JWT_SECRET, INTAKE
from scripts.system.seed import SHOP_ACCESS_TOKEN, Urls, seed_integration
from syncyard_sim_mplus.driver import MplusDriver

PORTS = {
    "gateway": 8001,
    INTAKE.name: 8011,
    "orchestrator": 8002,
    "mapper": 8003,
    "logger": 8004,
    "notifier": 8005,
    "sim-mplus": 8101,
    "sim-shopify": 8102,
    "sim-bigcommerce": 8103,
    "sim-ecwid": 8104,
    "sim-mijnwebwinkel": 8105,
    "sim-mailchimp": 8106,
}
# The front door (nginx): the console at / and every service's API under /api/<service>/.
FRONT_DOOR_PORT = 8080
FRONT_DOOR = f"http://127.0.0.1:{FRONT_DOOR_PORT}"
# The vendors that get a tested connection of their own (no flows), by their simulators' titles.
FURTHER_VENDORS = {
    "bigcommerce": "BigCommerce sim",
    "ecwid": "Ecwid sim",
    "mijnwebwinkel": "MijnWebwinkel sim",
    "mailchimp": "Mailchimp sim",
}
# Every API call a simulator answered, the connection test's first.
SIM_REQUESTS = "/_sim/requests"
DEMO_TENANT = uuid.UUID("00000000-0000-4000-8000-000000000001")
DEMO_ORDER = {
    "email": "jan@example.nl",
    "billing_address": {"first_name": "Jan", "last_name": "Jansen", "address1": "Keizersgracht 123a",
                        "zip": "1015 CJ", "city": "Amsterdam", "country_code": "NL"},
    "line_items": [{"sku": "1001", "title": "Espresso beans 1 kg", "quantity": 2, "price": "24.95"}],
}  # fmt: skip
DEMO_ARTICLES = [
    {"articleNumber": 1001, "description": "Espresso beans 1 kg", "priceIncl": 2495},
    {"articleNumber": 1002, "description": "Milk frothing jug", "priceIncl": 1450},
    {"articleNumber": 2001, "pluNumber": "MUG-RED", "description": "Mug, red", "priceIncl": 995},
]


def urls_of(system: RunningSystem) -> Urls:
    return Urls(
        gateway=system.url("gateway"),
        orchestrator=system.url("orchestrator"),
        mapper=system.url("mapper"),
        logger=system.url("logger"),
        notifier=system.url("notifier"),
        sim_mplus=system.url("sim-mplus"),
        sim_shopify=system.url("sim-shopify"),
        # `make up` runs the intake replica; a system started without one takes webhooks itself.
        intake=system.url(INTAKE.name) if INTAKE.name in system.processes else None,
    )


def connections_banner(system: RunningSystem, tested: list[TestedConnection]) -> str:
    """One line per further connection: its simulator's request log and the test's result."""
    lines = []
    for connection in tested:
        title = FURTHER_VENDORS[connection.connector]
        result = "test ok" if connection.ok else f"test FAILED: {connection.reason}"
        url = system.url(f"sim-{connection.connector}") + SIM_REQUESTS
        lines.append(f"  {title:<18} {url:<36} connection {connection.connection_id} {result}")
    return "\n".join(lines)


def door_banner(door: FrontDoor | None) -> str:
    if door is None:
        return ""
    return (
        f"  Open the console: {door.url}/ (sign in with the token below)\n"
        f"  Every API through the front door: {door.url}/api/<service>/v1/… "
        "(gateway, orchestrator, mapper, logger, notifier)\n"
    )


async def seed(system: RunningSystem, door: FrontDoor | None = None) -> str:
    urls = urls_of(system)
    async with MplusDriver(urls.sim_mplus, timeout=30) as till:
        await till.seed_articles(DEMO_ARTICLES)
        # The flow's default employee number; a real till must know it too (see README).
        await till.seed_employees([{"employeeNumber": 999999, "name": "Webshop (Syncyard)"}])
    seeded = await seed_integration(urls, jwt_secret=DEMO_JWT_SECRET, tenant_id=DEMO_TENANT)
    simulators = {vendor: system.url(f"sim-{vendor}") for vendor in FURTHER_VENDORS}
    tested = await seed_connections(urls.gateway, simulators, token=seeded.token)
    return f"""
Syncyard is running.
{door_banner(door)}  connector-gateway  {urls.gateway}/docs      orchestrator {urls.orchestrator}/docs
  mapper             {urls.mapper}/docs      logger       {urls.logger}/docs
  notifier           {urls.notifier}/docs
  webhook intake     {urls.webhooks} (a gateway replica without consumers)
  MplusKASSA sim     {urls.sim_mplus}/?wsdl   Shopify sim  {urls.sim_shopify}/_sim/requests
The other vendors' simulators, each with a connection of the demo tenant (no flows yet):
{connections_banner(system, tested)}

Demo tenant {seeded.tenant_id}; its API token (valid 24 hours: the longest lifetime the services accept):
  export TOKEN={seeded.token}

Send a test order: the Shopify simulator creates it and delivers a signed orders/create webhook
to {seeded.webhook_url}
  curl -s -X POST {urls.sim_shopify}/_sim/orders -H 'content-type: application/json' \\
    -d '{json.dumps(DEMO_ORDER)}'

Then look at it:
  curl -s {urls.sim_mplus}/_sim/orders                                  # the order in the till
  curl -s -H "Authorization: Bearer $TOKEN" {urls.orchestrator}/v1/runs      # the run
  curl -s -H "Authorization: Bearer $TOKEN" {urls.logger}/v1/integrations/{seeded.integration_id}/log
(Shopify API token for the simulator: {SHOP_ACCESS_TOKEN}.) Ctrl-C stops everything.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run-dir", type=Path, default=Path(".run"))
    args = parser.parse_args()
    run_dir: Path = args.run_dir.resolve()
    database_url = start_postgres(run_dir / "postgres", 5432)
    amqp_url = start_rabbitmq(run_dir / "rabbitmq", 5672)
    system = start_system(
        run_dir=run_dir, database_url=database_url, amqp_url=amqp_url, ports=PORTS, intake=True,
        extra_env={
            "notifier": {"SYNCYARD_SMTP_HOST": "127.0.0.1", "SYNCYARD_SMTP_PORT": "2525"},
            # Webhook URLs are given under the front door (routed to the intake replica).
            "gateway": {"SYNCYARD_PUBLIC_BASE_URL": f"{FRONT_DOOR}/api/gateway"},
            INTAKE.name: {"SYNCYARD_PUBLIC_BASE_URL": f"{FRONT_DOOR}/api/gateway"},
        },
    )  # fmt: skip
    upstreams = {name: process.url for name, process in system.processes.items()}
    door = start_frontdoor(run_dir=run_dir / "frontdoor", port=FRONT_DOOR_PORT, upstreams=upstreams)
    stop = asyncio.Event()
    try:
        print(asyncio.run(seed(system, door)), flush=True)
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        door.stop()
        system.stop()
        stop_rabbitmq(run_dir / "rabbitmq")
        stop_postgres(run_dir / "postgres")


if __name__ == "__main__":
    main()
