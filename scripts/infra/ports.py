"""Free-port discovery and process helpers shared by the private PostgreSQL and RabbitMQ nodes."""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO


class InfraError(RuntimeError):
    """A private PostgreSQL or RabbitMQ node could not be started or stopped."""


# A port is picked by one process and bound later by another (a node, a uvicorn). Picked from
# the kernel's ephemeral range (32768 and up), it could meanwhile become the source port of any
# outgoing connection, or be picked again by a test session running alongside. So each process
# holds a block of ports of its own (an flock on a file, released when the process ends, even
# killed) below the ephemeral range, and hands each port out once. The blocks stop at 20000:
# RabbitMQ's CLI binds dist ports 10000 above its node's, which stay below 32768 too.
PORT_BLOCKS = range(10000, 20000, 100)
BLOCK_SIZE = 100
_LOCK_DIR = Path(tempfile.gettempdir()) / "syncyard-ports"


class _PortLease:
    """This process's blocks of ports and the next port to hand out."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held: list[IO[str]] = []  # the open lock files: closing one frees its block
        self._ports: Iterator[int] = iter(())

    def _claim_block(self) -> Iterator[int]:
        _LOCK_DIR.mkdir(parents=True, exist_ok=True)
        for start in PORT_BLOCKS:
            lock = (_LOCK_DIR / f"block-{start}.lock").open("a")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                continue
            self._held.append(lock)
            return iter(range(start, start + BLOCK_SIZE))
        raise InfraError(f"every port block is held by another process ({_LOCK_DIR})")

    def next_port(self) -> int:
        with self._mutex:
            while True:
                port = next(self._ports, None)
                if port is None:
                    self._ports = self._claim_block()
                    continue
                if port_is_free(port):  # a process from outside the scheme may sit on it
                    return port


_LEASE = _PortLease()


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on, nor will be handed by this
    function to anyone else (this process included) while this process lives."""
    return _LEASE.next_port()


def port_is_free(port: int) -> bool:
    """True when nothing is bound to `port` on 127.0.0.1 (or on all interfaces)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def usable_port(port: int) -> int:
    """Keep `port` when it is free (0 means any); otherwise pick a free one."""
    if port and port_is_free(port):
        return port
    return free_port()


def wait_for_port(port: int, timeout: float) -> None:
    """Block until something accepts TCP connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise InfraError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f}s")


def pid_is_alive(pid: int) -> bool:
    """True when a process with this pid exists (zombies count as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def read_pid(pid_file: Path) -> int | None:
    """The pid written in `pid_file`, or None when the file is missing or garbled."""
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def run(
    command: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command, raising InfraError with its output when it fails."""
    result = subprocess.run(
        list(command), env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        raise InfraError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result
