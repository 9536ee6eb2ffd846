"""Free-port discovery and process helpers shared by the private PostgreSQL and RabbitMQ nodes."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


class InfraError(RuntimeError):
    """A private PostgreSQL or RabbitMQ node could not be started or stopped."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True when nothing is bound to `port` on 127.0.0.1 (or on all interfaces)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_between(low: int, high: int) -> int:
    """Return a free port in [low, high); Erlang's CLI needs dist ports with headroom above."""
    for _ in range(200):
        port = random.randint(low, high - 1)
        if port_is_free(port):
            return port
    raise InfraError(f"no free port between {low} and {high}")


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
