"""Webhook intake under load: signed Shopify webhooks from 64 concurrent clients against the
intake-only gateway replica while the rest of the system processes them, beside a bare
FastAPI + asyncpg skeleton (bench/intake_skeleton.py) doing the same HMAC check and one insert.

    .venv/bin/python -m bench.intake [--webhooks 2000] [--rounds 2] [--concurrency 64]
                                     [--rate 100] [--paced-seconds 20] [--own-cpu]

Starts its own PostgreSQL, RabbitMQ, simulators, the five services plus the intake replica
(``SYNCYARD_RUN_CONSUMERS=false``) and the skeleton, all on loopback. Rounds alternate between
the intake and the skeleton, so both meet the same background load (the worker gateway,
orchestrator and friends working off the backlog of order runs the webhooks started).
CPU per webhook is the server process's utime + stime from /proc/<pid>/stat over a round.

Two kinds of load: saturated (64 clients, each sending its next webhook when answered: the
throughput, and a latency that is 64 / throughput by construction) and paced (a fixed rate
offered whatever the answers, latency counted from when each webhook was due: how fast a
shop is answered at that rate).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import uvicorn

from bench.http_load import LoadResult, build_request, run_load, run_paced
from scripts.infra import free_port, start_postgres, start_rabbitmq, stop_postgres, stop_rabbitmq
from scripts.infra.ports import read_pid
from scripts.system import start_system
from scripts.system.processes import INTAKE, ProcessSpec, RunningProcess, RunningSystem
from scripts.system.seed import (
    SHOP_ACCESS_TOKEN,
    SHOP_DOMAIN,
    SHOP_WEBHOOK_SECRET,
    Urls,
    seed_integration,
)
from syncyard_common.db import tenant_scope
from syncyard_sim_mplus.driver import MplusDriver
from syncyard_sim_shopify.driver import ShopifyDriver, webhook_headers

SKELETON = ProcessSpec("intake-skeleton", "bench.intake_skeleton:create_app", "/readyz")
ROUND_TIMEOUT_S = 300.0
# --own-cpu: both servers under test and PostgreSQL run before the rest of the machine (nice
# -10), roughly what a Deployment's CPU request and a database server of its own give; without
# it they share 2 cores with the whole system working off its backlog (and whatever else runs
# on the machine).
OWN_CPU_NICENESS = -10
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children_of(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def signed_headers(body: bytes) -> dict[str, str]:
    # Each delivery a new event (fresh event id): none deduped.
    return webhook_headers(
        body, "orders/updated", secret=SHOP_WEBHOOK_SECRET, shop_domain=SHOP_DOMAIN
    )


@dataclass
class Phase:
    """Rounds of one kind of load against one server, and the server's CPU over them."""

    rounds: list[LoadResult] = field(default_factory=list)
    cpu_s: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(r.latencies_s) for r in self.rounds)

    @property
    def per_second(self) -> float:
        return self.count / sum(r.elapsed_s for r in self.rounds)

    def percentile_ms(self, share: float) -> float:
        merged = LoadResult(elapsed_s=1.0)
        merged.latencies_s = [x for r in self.rounds for x in r.latencies_s]
        return merged.percentile_ms(share)

    @property
    def cpu_ms_per_webhook(self) -> float:
        return self.cpu_s * 1000 / self.count


@dataclass
class Target:
    name: str
    process: RunningProcess
    path: str
    saturated: Phase = field(default_factory=Phase)  # 64 clients, each sends when answered
    paced: Phase = field(default_factory=Phase)  # a fixed rate offered, as shops send


async def shop_orders(urls: Urls, count: int) -> list[bytes]:
    """Real orders in the shop simulator and the till's articles, so the runs succeed."""
    async with httpx.AsyncClient(timeout=60) as client:
        shop = ShopifyDriver(urls.sim_shopify, access_token=SHOP_ACCESS_TOKEN, client=client)
        till = MplusDriver(urls.sim_mplus, client=client)
        # Lift the shop's API limit: the system works off the backlog as fast as it can.
        await shop.configure(bucket_size=100_000, leak_rate=100_000)
        await till.seed_employees([{"employeeNumber": 999999, "name": "Webshop"}])
        skus = [900_000_000 + i for i in range(5)]
        articles = [
            {"articleNumber": s, "description": f"Bench {s}", "priceIncl": 1000} for s in skus
        ]
        await till.seed_articles(articles)
        bodies = []
        for i in range(count):
            order = await shop.place_order(
                {
                    "email": f"intake{i}@example.nl",
                    "billing_address": {"first_name": "Intake", "last_name": f"Klant{i}",
                                        "address1": "Damrak 1", "zip": "1012 LG",
                                        "city": "Amsterdam", "country_code": "NL"},
                    "line_items": [{"sku": str(skus[i % 5]), "title": "x", "quantity": 1,
                                    "price": "10.00"}],
                }
            )  # fmt: skip
            bodies.append(json.dumps(order.get("order", order)).encode())
    return bodies


def requests_for(target: Target, bodies: list[bytes], count: int) -> list[bytes]:
    host = f"127.0.0.1:{target.process.port}"
    chosen = [bodies[i % len(bodies)] for i in range(count)]
    return [build_request(host, target.path, body, signed_headers(body)) for body in chosen]


async def measure(
    target: Target, bodies: list[bytes], count: int, args: argparse.Namespace, *, paced: bool
) -> None:
    requests = requests_for(target, bodies, count)
    assert target.process.popen is not None
    pid = target.process.popen.pid
    before = cpu_seconds(pid)
    port, timeout = target.process.port, ROUND_TIMEOUT_S
    if paced:
        result = await run_paced(
            "127.0.0.1",
            port,
            requests,
            rate=args.rate,
            concurrency=args.concurrency,
            timeout=timeout,
        )
    else:
        result = await run_load(
            "127.0.0.1", port, requests, concurrency=args.concurrency, timeout=timeout
        )
    phase = target.paced if paced else target.saturated
    phase.cpu_s += cpu_seconds(pid) - before
    if set(result.statuses) != {200}:
        raise RuntimeError(f"{target.name}: answers other than 200: {result.statuses}")
    phase.rounds.append(result)
    print(
        f"  {target.name:<16} {len(result.latencies_s)} in {result.elapsed_s:.1f} s = "
        f"{result.per_second:.0f}/s, p50 {result.percentile_ms(0.5):.0f} ms, "
        f"p99 {result.percentile_ms(0.99):.0f} ms",
        flush=True,
    )


async def backlog(database_url: str) -> tuple[int, int]:
    """Outbox rows the intake staged and how many of them the worker relay published."""
    connection = await asyncpg.connect(
        database_url.replace("+asyncpg", ""),
        **tenant_scope.CONNECT_ARGS,  # every tenant's rows
    )
    try:
        row = await connection.fetchrow(
            "SELECT count(*) AS staged, count(published_at) AS published FROM gateway.outbox"
        )
    finally:
        await connection.close()
    return int(row["staged"]), int(row["published"])


async def run_benchmark(
    system: RunningSystem, skeleton: RunningProcess, database_url: str, args: argparse.Namespace
) -> tuple[Target, Target]:
    urls = Urls(
        gateway=system.url("gateway"), orchestrator=system.url("orchestrator"),
        mapper=system.url("mapper"), logger=system.url("logger"),
        notifier=system.url("notifier"), sim_mplus=system.url("sim-mplus"),
        sim_shopify=system.url("sim-shopify"), intake=system.url(INTAKE.name),
    )  # fmt: skip
    seeded = await seed_integration(urls, jwt_secret=system.jwt_secret, subscribe_webhook=False)
    bodies = await shop_orders(urls, args.orders)
    if args.own_cpu:
        postmaster = read_pid(system.run_dir / "postgres" / "postgres" / "data" / "postmaster.pid")
        assert postmaster is not None
        pids = [postmaster, *children_of(postmaster)]  # new backends inherit the postmaster's
        for process in (system.processes[INTAKE.name], skeleton):
            assert process.popen is not None
            pids.append(process.popen.pid)
        for pid in pids:
            os.setpriority(os.PRIO_PROCESS, pid, OWN_CPU_NICENESS)
    path = f"/v1/webhooks/{seeded.shopify_connection_id}"
    intake = Target("intake replica", system.processes[INTAKE.name], path)
    bare = Target("skeleton", skeleton, f"/hooks/{seeded.shopify_connection_id}")
    print("warm-up", flush=True)
    for target in (intake, bare):
        await measure(target, bodies, 300, args, paced=False)
        target.saturated = Phase()
    print(f"saturated: {args.concurrency} clients, each sending again once answered", flush=True)
    for _ in range(args.rounds):
        for target in (intake, bare):
            await measure(target, bodies, args.webhooks, args, paced=False)
    print(f"paced: {args.rate:.0f} webhooks/s offered over up to {args.concurrency} connections")
    for target in (intake, bare):
        await measure(target, bodies, int(args.rate * args.paced_seconds), args, paced=True)
    staged, published = await backlog(database_url)
    print(f"  outbox: {staged} messages staged by the intake, {published} published meanwhile")
    return intake, bare


def start_skeleton(run_dir: Path, database_url: str) -> RunningProcess:
    env = {
        **os.environ,
        "SKELETON_DATABASE_URL": database_url.replace("+asyncpg", ""),
        "SKELETON_SECRET": SHOP_WEBHOOK_SECRET,
    }
    process = RunningProcess(SKELETON, free_port(), env, run_dir / "logs" / "skeleton.log")
    process.launch()
    process.wait_ready()
    return process


def servers() -> str:
    """What both servers run: the same uvicorn command line (scripts/system/processes.py)."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return (
        f"both servers: one uvicorn {uvicorn.__version__} process, --loop auto ({loop}), "
        "--http SlowClientGuard (h11 with read deadlines), --no-access-log; intake: the "
        "gateway's webhook fast path (asyncpg, one statement); skeleton: a FastAPI route "
        "(asyncpg, one insert)"
    )


def report(intake: Target, bare: Target, args: argparse.Namespace) -> None:
    print()
    print(servers())
    for label, kind in (
        (f"saturated ({args.concurrency} clients)", "saturated"),
        (f"paced ({args.rate:.0f}/s offered)", "paced"),
    ):
        print(label)
        for target in (intake, bare):
            phase: Phase = getattr(target, kind)
            print(
                f"  {target.name:<16} {phase.count} webhooks: {phase.per_second:.0f} req/s, "
                f"p50 {phase.percentile_ms(0.5):.0f} ms, p99 {phase.percentile_ms(0.99):.0f} ms, "
                f"CPU {phase.cpu_ms_per_webhook:.2f} ms/webhook"
            )
    ours, theirs = intake.saturated, bare.saturated
    print(
        f"ratio intake/skeleton  req/s {ours.per_second / theirs.per_second:.2f}, CPU per "
        f"webhook {ours.cpu_ms_per_webhook / theirs.cpu_ms_per_webhook:.2f} x the skeleton's"
    )
    print(f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", end="")
    niceness = OWN_CPU_NICENESS if args.own_cpu else 0
    print(f"; both servers and PostgreSQL at nice {niceness}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--webhooks", type=int, default=2000, help="per round and target")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--orders", type=int, default=50, help="shop orders the webhooks name")
    parser.add_argument("--rate", type=float, default=100.0, help="webhooks/s of the paced phase")
    parser.add_argument("--paced-seconds", type=float, default=20.0)
    parser.add_argument(
        "--own-cpu", action="store_true", help="both servers and PostgreSQL at nice -10 (root)"
    )
    parser.add_argument(
        "--service-env", action="append", default=[], metavar="NAME=VALUE",
        help="a setting for every service, to compare one against its default; repeatable",
    )  # fmt: skip
    args = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-bench-intake-"))
    database_url = start_postgres(run_dir / "postgres")
    amqp_url = start_rabbitmq(run_dir / "rabbitmq")
    quiet = {"SYNCYARD_LOG_LEVEL": "WARNING"} | dict(
        setting.split("=", 1) for setting in args.service_env
    )
    system = start_system(
        run_dir=run_dir, database_url=database_url, amqp_url=amqp_url, intake=True,
        extra_env=dict.fromkeys(("gateway", INTAKE.name, "orchestrator", "mapper", "logger",
                                 "notifier"), quiet),
        only=("sim-mplus", "sim-shopify", "gateway", "orchestrator", "mapper", "logger",
              "notifier"),
    )  # fmt: skip
    skeleton: RunningProcess | None = None
    try:
        skeleton = start_skeleton(run_dir, database_url)
        intake, bare = asyncio.run(run_benchmark(system, skeleton, database_url, args))
    finally:
        if skeleton is not None:
            skeleton.terminate()
        system.stop()
        stop_rabbitmq(run_dir / "rabbitmq")
        stop_postgres(run_dir / "postgres")
        shutil.rmtree(run_dir, ignore_errors=True)
    report(intake, bare, args)


if __name__ == "__main__":
    main()
