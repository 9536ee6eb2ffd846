"""`make up`'s PostgreSQL is durable, and a crashed one comes back on the port its clients know."""

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.infra import psql, set_durability, start_postgres, stop_postgres
from scripts.infra.ports import pid_is_alive, read_pid
from tests.fixtures.postgres import private_run_dir

DURABILITY = ("fsync", "synchronous_commit", "full_page_writes")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Path]:
    run_dir = private_run_dir("pg-durable")
    try:
        yield run_dir
    finally:
        stop_postgres(run_dir)
        shutil.rmtree(run_dir, ignore_errors=True)


def _settings(run_dir: Path) -> dict[str, str]:
    return {name: psql(run_dir, f"SHOW {name}") for name in DURABILITY}


def _crash(run_dir: Path) -> None:
    """SIGKILL the postmaster, as a power cut would, and wait until its children are gone."""
    pid = read_pid(run_dir / "postgres" / "data" / "postmaster.pid")
    assert pid is not None
    children = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(pid_is_alive(p) for p in [pid, *children]):
        assert time.monotonic() < deadline, "postgres did not go away"
        time.sleep(0.05)


def test_a_cluster_started_as_make_up_does_is_durable(cluster: Path) -> None:
    start_postgres(cluster, 0)  # scripts/up.py's call: no durability argument
    assert _settings(cluster) == dict.fromkeys(DURABILITY, "on")


def test_a_crashed_cluster_restarts_durable_on_its_own_port(cluster: Path) -> None:
    port = urlsplit(start_postgres(cluster, 0)).port
    _crash(cluster)
    restarted = start_postgres(cluster, 0)
    assert urlsplit(restarted).port == port
    assert _settings(cluster) == dict.fromkeys(DURABILITY, "on")


def test_only_a_test_cluster_that_asks_runs_fast_and_can_be_made_durable(cluster: Path) -> None:
    stop_postgres(cluster)
    start_postgres(cluster, 0, durable=False)
    assert _settings(cluster) == dict.fromkeys(DURABILITY, "off")
    set_durability(cluster, durable=True)
    assert _settings(cluster) == dict.fromkeys(DURABILITY, "on")


def test_make_up_asks_for_no_fast_cluster() -> None:
    up = (Path(__file__).parents[3] / "scripts" / "up.py").read_text()
    assert 'start_postgres(run_dir / "postgres", 5432)' in up
    assert "durable=False" not in up
