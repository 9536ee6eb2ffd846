"""CPU and PostgreSQL connections per ``mapper.record.map.v1`` in a burst, in process.

    .venv/bin/python -m bench.mapper_burst [--messages 600] [--concurrency 50] [--rounds 3]
                                           [--waves]

The mapper's real handler (inbox claim, mapping resolution, value maps, the sandbox's worker
processes, the outbox insert) on a private PostgreSQL, fed ``--concurrency`` commands at a
time (what ``SYNCYARD_PREFETCH_COUNT`` lets one consumer hold) of the shipped order sample, so
the figures do not depend on the broker or on how busy the machine is. Prints per message:
the handler process's CPU, the sandbox workers' CPU, PostgreSQL's CPU (backends, the ones
that exited included) and the connections the pool opened, and the most connections it held.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import event

from scripts.infra import runtime_url, start_postgres, stop_postgres
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.messages import Envelope, mapping
from syncyard_mapper import consumers, main
from syncyard_mapper.engine import cache
from syncyard_mapper.schema import SCHEMA
from syncyard_mapper.settings import MapperSettings

SAMPLE = resources.files("syncyard_mapper.defaults") / "orders" / "shopify_to_mplus.sample.json"
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int, *, reaped: bool = False) -> float:
    """CPU seconds of a process (and of its children it reaped, when asked)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    used = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
    return used / TICKS


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _tree_cpu(pid: int) -> float:
    """A parent's CPU, its reaped children's and its live children's."""
    return _cpu_of(pid, reaped=True) + sum(_cpu_of(child) for child in _children(pid))


def _command(record: dict[str, Any], integration_id: uuid.UUID, tenant_id: uuid.UUID) -> Envelope:
    command = mapping.MapRecordV1(
        integration_id=integration_id,
        flow="orders",
        source_connector="shopify",
        target_connector="mplus",
        record=record,
    )
    return Envelope(
        type=command.type,
        source="orchestrator",
        subject=record.get("number"),
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow="orders",
        correlation_id=uuid.uuid4(),
        payload=command.model_dump(mode="json"),
    )


async def _burst(handler: Any, commands: list[Envelope], concurrency: int, waves: bool) -> None:
    if waves:  # a full prefetch, handled, then the next: the pool empties between them
        for start in range(0, len(commands), concurrency):
            await _burst(handler, commands[start : start + concurrency], concurrency, False)
        return
    gate = asyncio.Semaphore(concurrency)

    async def one(command: Envelope) -> None:
        async with gate:
            await handler(command)

    await asyncio.gather(*(one(command) for command in commands))


async def measure(
    run_dir: Path,
    *,
    messages: int,
    concurrency: int,
    rounds: int,
    waves: bool,
    make_handler: Any = consumers.make_map_record_handler,
) -> None:
    owner_url = start_postgres(run_dir, 0, durable=False)
    url = runtime_url(owner_url)
    postmaster = int((run_dir / "postgres" / "data" / "postmaster.pid").read_text().split()[0])
    settings = MapperSettings(database_url=url, migration_database_url=owner_url)
    await migrate.upgrade_to_head(
        migrations_dir=settings.migrations_dir,
        database_url=owner_url,
        schema=SCHEMA,
        runtime_database_url=url,
    )
    # As runtime.open_infrastructure builds the service's engine.
    engine = db_engine.create_engine(url, pool_size=settings.database_pool_size, max_overflow=0)
    opened = 0
    held = 0
    most_held = 0

    def on_connect(*_: object) -> None:
        nonlocal opened
        opened += 1

    def on_checkout(*_: object) -> None:
        nonlocal held, most_held
        held += 1
        most_held = max(most_held, held)

    def on_checkin(*_: object) -> None:
        nonlocal held
        held -= 1

    event.listen(engine.sync_engine, "connect", on_connect)
    event.listen(engine.sync_engine, "checkout", on_checkout)
    event.listen(engine.sync_engine, "checkin", on_checkin)
    record = json.loads(SAMPLE.read_text("utf-8"))
    integration_id, tenant_id = uuid.uuid4(), uuid.uuid4()
    try:
        async with main.sandboxed(settings):
            handler = make_handler(
                sessionmaker=db_engine.create_sessionmaker(engine),
                compiled_cache=cache.CompiledMappingCache(16),
            )
            warm = [_command(record, integration_id, tenant_id) for _ in range(concurrency)]
            await _burst(handler, warm, concurrency, waves)
            me = os.getpid()
            for round_no in range(1, rounds + 1):
                batch = [_command(record, integration_id, tenant_id) for _ in range(messages)]
                opened, most_held = 0, 0
                sandbox = [child for child in _children(me) if child != postmaster]
                before = (
                    time.process_time(),
                    sum(_cpu_of(child) for child in sandbox),
                    _tree_cpu(postmaster),
                    time.perf_counter(),
                )
                await _burst(handler, batch, concurrency, waves)
                after = (
                    time.process_time(),
                    sum(_cpu_of(child) for child in sandbox),
                    _tree_cpu(postmaster),
                    time.perf_counter(),
                )
                per = [(b - a) * 1000 / messages for a, b in zip(before, after, strict=True)]
                shape = "in waves, " if waves else ""
                print(
                    f"round {round_no}: {messages} messages, {concurrency} at a time, {shape}"
                    f"{messages / (after[3] - before[3]):.0f}/s: per message "
                    f"handler {per[0]:.2f} ms CPU, sandbox {per[1]:.2f} ms, "
                    f"PostgreSQL {per[2]:.2f} ms; connections opened {opened} "
                    f"({opened / messages:.3f} per message), most held {most_held}",
                    flush=True,
                )
    finally:
        await engine.dispose()


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--waves",
        action="store_true",
        help="the burst in waves of --concurrency messages, each waited for (a bursty queue)",
    )
    options = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="syncyard-bench-mapper-"))
    run_dir.chmod(0o755)
    try:
        asyncio.run(
            measure(
                run_dir,
                messages=options.messages,
                concurrency=options.concurrency,
                rounds=options.rounds,
                waves=options.waves,
            )
        )
    finally:
        stop_postgres(run_dir)
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    run()
