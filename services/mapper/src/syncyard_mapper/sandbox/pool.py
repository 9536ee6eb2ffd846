"""A pool of evaluation workers: a runaway is killed at its deadline and its worker replaced.

Each task gets a whole worker process; a tenant's catastrophic expression holds one worker
until its deadline at most, while the others (and the service's event loop, health checks
included) go on. A worker that dies (memory limit) or is killed is replaced before it is
handed out again. When every worker is busy, a free one goes to the tenants waiting in turn
(R41): one tenant's burst of records does not queue another tenant's one record behind it.
"""

import asyncio
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from syncyard_common.broker.tenant_turns import TenantTurns
from syncyard_common.db import tenant_scope
from syncyard_mapper.sandbox.worker import _HEADER

T = TypeVar("T")
_START_TIMEOUT_S = 60.0


class SandboxLimit(Exception):
    """The task was stopped: ``reason`` names the limit it exceeded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PoolSettings:
    workers: int = 2
    memory_mb: int = 768
    max_range_items: int = 100_000


@dataclass(eq=False)  # by identity: kept in a set
class _Worker:
    process: asyncio.subprocess.Process

    async def send(self, value: Any) -> None:
        assert self.process.stdin is not None
        data = pickle.dumps(value)
        self.process.stdin.write(_HEADER.pack(len(data)) + data)
        await self.process.stdin.drain()

    async def receive(self) -> Any:
        assert self.process.stdout is not None
        header = await self.process.stdout.readexactly(_HEADER.size)
        (size,) = _HEADER.unpack(header)
        return pickle.loads(await self.process.stdout.readexactly(size))  # noqa: S301 - ours


class SandboxPool:
    """``await pool.run(function, *args, deadline_s=..., **kwargs)`` in a worker process."""

    def __init__(self, settings: PoolSettings) -> None:
        self._settings = settings
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._turns = TenantTurns(settings.workers)
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task[None]] = set()
        self.restarts = 0

    async def start(self) -> None:
        started = await asyncio.gather(*(self._spawn() for _ in range(self._settings.workers)))
        for item in started:
            self._idle.put_nowait(item)

    async def close(self) -> None:
        for task in list(self._replacing):
            task.cancel()
        for item in list(self._all):
            await _stop(item)
        self._all.clear()

    async def _spawn(self) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "syncyard_mapper.sandbox.worker",
            str(self._settings.memory_mb),
            str(self._settings.max_range_items),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**26,
        )
        item = _Worker(process)
        self._all.add(item)
        async with asyncio.timeout(_START_TIMEOUT_S):
            await item.receive()  # ("ready", None) once the engine is loaded
        return item

    async def _replace(self, item: _Worker) -> None:
        self.restarts += 1
        self._all.discard(item)
        await _stop(item)
        self._idle.put_nowait(await self._spawn())

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        deadline_s: float,
        for_tenant: str | None = None,
        **kwargs: Any,
    ) -> T:
        """The function's result or exception; ``SandboxLimit`` when out of time or memory.
        ``for_tenant``: whose turn it waits for (default: the request's tenant)."""
        if for_tenant is None:
            for_tenant = str(tenant_scope.current_tenant() or "")
        async with self._turns.turn(for_tenant):
            return await self._run(function, args, kwargs, deadline_s)

    async def _run(
        self, function: Callable[..., T], args: Any, kwargs: Any, deadline_s: float
    ) -> T:
        item = await self._idle.get()
        healthy = False
        started = time.monotonic()
        try:
            await item.send((function, args, kwargs))
            try:
                async with asyncio.timeout(deadline_s):
                    status, value = await item.receive()
            except TimeoutError:
                took = round(time.monotonic() - started, 1)
                raise SandboxLimit(
                    f"evaluation stopped after {took} s (time limit {deadline_s:g} s)"
                ) from None
            except (asyncio.IncompleteReadError, ConnectionError):
                status, value = "memory", None
            if status == "memory":
                mb = self._settings.memory_mb
                raise SandboxLimit(f"evaluation needed more than {mb} MB (sandbox_memory_mb)")
            healthy = True
            if status == "error":
                raise value
            return value  # type: ignore[no-any-return]
        finally:
            if healthy:
                self._idle.put_nowait(item)
            else:
                task = asyncio.get_running_loop().create_task(self._replace(item))
                self._replacing.add(task)
                task.add_done_callback(self._replacing.discard)


async def _stop(item: _Worker) -> None:
    if item.process.returncode is None:
        item.process.kill()
    await item.process.wait()
