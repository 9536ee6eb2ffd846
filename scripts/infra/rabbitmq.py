"""A private RabbitMQ 3.10 node under a run directory, for tests, fault drills and the demo."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from .ports import (
    InfraError,
    free_port,
    pid_is_alive,
    port_is_free,
    read_pid,
    run,
    usable_port,
    wait_for_port,
)

RABBITMQ_BIN = Path(os.environ.get("SYNCYARD_RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"))
BOOT_TIMEOUT = 120.0
# 30 minutes, RabbitMQ's own default: a consumer holding a delivery longer is cut off.
CONSUMER_TIMEOUT_MS = 1_800_000
# Settings rabbitmq.conf cannot hold, the same as every other broker's: among them how soon a
# retry that expired while the node booted is dead-lettered back to its work queue (the file
# says why).
ADVANCED_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "rabbitmq" / "advanced.config"


def _home(run_dir: Path) -> Path:
    return Path(run_dir).resolve() / "rabbitmq"


def node_name(run_dir: Path) -> str:
    """One stable node name per run dir, so a restarted node finds its own Mnesia data."""
    digest = hashlib.sha1(str(_home(run_dir)).encode()).hexdigest()[:10]
    return f"syncyard-{digest}@localhost"


def rabbitmq_url(port: int, vhost: str = "") -> str:
    """The AMQP URL of a vhost on a private node ('' is the default vhost '/')."""
    return f"amqp://guest:guest@127.0.0.1:{port}/{vhost}"


def node_port(run_dir: Path) -> int:
    """The AMQP port the node of `run_dir` was last started on."""
    return int((_home(run_dir) / "port").read_text())


def _environment(run_dir: Path) -> dict[str, str]:
    home = _home(run_dir)
    env = dict(os.environ)
    env.update(
        RABBITMQ_NODENAME=node_name(run_dir),
        RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
        RABBITMQ_NODE_PORT=(home / "port").read_text(),
        RABBITMQ_DIST_PORT=(home / "dist_port").read_text(),
        RABBITMQ_MNESIA_BASE=str(home / "mnesia"),
        RABBITMQ_LOG_BASE=str(home / "log"),
        RABBITMQ_PID_FILE=str(home / "pid"),
        RABBITMQ_ENABLED_PLUGINS_FILE=str(home / "enabled_plugins"),
        RABBITMQ_CONFIG_FILE=str(home / "rabbitmq"),
        RABBITMQ_ADVANCED_CONFIG_FILE=str(home / "advanced.config"),
        RABBITMQ_LOGS="-",
        # No scheduler busy-waiting: on a shared 2-core machine (tests beside the system, two
        # test sessions side by side) a spinning broker takes CPU from the work it waits for.
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none",
        HOME=str(home),
    )
    return env


def rabbitmqctl(run_dir: Path, *args: str, timeout: float = 90) -> str:
    """Run `rabbitmqctl ARGS` against the node of `run_dir`; returns its stdout."""
    command = [str(RABBITMQ_BIN / "rabbitmqctl"), "-n", node_name(run_dir), *args]
    return run(command, env=_environment(run_dir), timeout=timeout).stdout


def _node_answers(run_dir: Path) -> bool:
    if not (_home(run_dir) / "port").exists():
        return False
    command = [str(RABBITMQ_BIN / "rabbitmqctl"), "-n", node_name(run_dir), "ping"]
    try:
        return run(command, env=_environment(run_dir), timeout=30, check=False).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def _write_config(home: Path, port: int, plugins: Sequence[str]) -> None:
    for folder in ("mnesia", "log"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    (home / "port").write_text(str(port))
    dist_port = (home / "dist_port").read_text() if (home / "dist_port").exists() else ""
    if not dist_port or not port_is_free(int(dist_port)):
        # The CLI takes dist ports 10000 above this one: free_port's blocks leave room for them.
        (home / "dist_port").write_text(str(free_port()))
    (home / "rabbitmq.conf").write_text(
        "loopback_users = none\n"
        f"consumer_timeout = {CONSUMER_TIMEOUT_MS}\n"
        "log.console = true\n"
        "log.console.level = warning\n"
        "log.file = false\n"
    )
    (home / "advanced.config").write_text(ADVANCED_CONFIG.read_text())
    (home / "enabled_plugins").write_text(f"[{','.join(plugins)}].\n")


def start_rabbitmq(run_dir: Path, port: int = 0, plugins: Sequence[str] = ()) -> str:
    """Start (or reuse) a private node in `run_dir`; returns its AMQP URL (default vhost).

    An occupied `port` is replaced by a free one, so read the port from the URL. Restarting
    with the same `run_dir` keeps durable queues and their messages.
    """
    home = _home(run_dir)
    if _node_answers(run_dir):
        current = node_port(run_dir)
        if port in (0, current):
            rabbitmqctl(run_dir, "start_app")
            wait_for_port(current, BOOT_TIMEOUT)
            return rabbitmq_url(current)
        stop_rabbitmq(run_dir)
    kill_rabbitmq(run_dir)
    home.mkdir(parents=True, exist_ok=True)
    if not port and (home / "port").exists():
        port = int((home / "port").read_text())
    port = usable_port(port)
    _write_config(home, port, plugins)
    out = (home / "server.out").open("ab")
    with out:
        subprocess.Popen(
            [str(RABBITMQ_BIN / "rabbitmq-server")],
            env=_environment(run_dir),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        rabbitmqctl(run_dir, "wait", str(home / "pid"), "--timeout", str(int(BOOT_TIMEOUT)))
        wait_for_port(port, BOOT_TIMEOUT)
    except (InfraError, subprocess.TimeoutExpired) as error:
        tail = (home / "server.out").read_text(errors="replace")[-3000:]
        kill_rabbitmq(run_dir)
        raise InfraError(f"RabbitMQ did not boot: {error}\n--- server.out ---\n{tail}") from error
    return rabbitmq_url(port)


def restart_rabbitmq(run_dir: Path) -> None:
    """Stop and start the RabbitMQ application; every client connection is cut meanwhile."""
    rabbitmqctl(run_dir, "stop_app")
    rabbitmqctl(run_dir, "start_app")
    wait_for_port(node_port(run_dir), BOOT_TIMEOUT)


def kill_rabbitmq(run_dir: Path) -> None:
    """SIGKILL the node's Erlang VM, as a crash would; a no-op when none runs."""
    pid = read_pid(_home(run_dir) / "pid")
    if pid is None or not pid_is_alive(pid):
        return
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while pid_is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def stop_rabbitmq(run_dir: Path) -> None:
    """Shut the node of `run_dir` down cleanly, killing it if it will not go."""
    if _node_answers(run_dir):
        with contextlib.suppress(InfraError, subprocess.TimeoutExpired):
            rabbitmqctl(run_dir, "shutdown", timeout=60)
    kill_rabbitmq(run_dir)
