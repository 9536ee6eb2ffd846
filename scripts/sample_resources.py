"""Sample the resident memory and CPU of every running Syncyard uvicorn process, once a second.

How the requests and limits in deploy/k8s were measured (docs/operations/scaling.md): start a
system (`make up`, or `python -m bench.orders_e2e`, which starts its own), run this beside it,
and read the summary: per app, RSS and CPU while idle (the first `--idle` seconds) and under
load (the rest).

    .venv/bin/python -m scripts.sample_resources --seconds 120 --idle 15 [--parent PID]

`--parent` keeps to one system's processes (the pid of `make up` or of the bench) where
several systems run on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def parent_of(pid: str) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def apps(parent: int | None = None) -> dict[int, str]:
    """pid → "app:port" of each uvicorn process serving a syncyard factory (of one parent):
    run by the uvicorn command or by scripts/system/serve_socket.py."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        served = "uvicorn" in argv or any(arg.endswith("serve_socket.py") for arg in argv)
        if not served or "--port" not in argv:
            continue
        if parent is not None and parent_of(entry.name) != parent:
            continue
        target = next((arg for arg in argv if arg.startswith("syncyard_")), None)
        if target:
            port = argv[argv.index("--port") + 1]
            found[int(entry.name)] = f"{target.split('.')[0]}:{port}"
    return found


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--idle", type=int, default=15, help="the first seconds are idle")
    parser.add_argument("--parent", type=int, help="only the processes this pid started")
    parser.add_argument("--csv", type=Path, help="also write every sample: second,app,cpu,rss")
    args = parser.parse_args()
    samples: dict[str, list[tuple[float, float, float]]] = {}
    last: dict[int, float] = {}
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < args.seconds:
        for pid, app in apps(args.parent).items():
            try:
                cpu, rss = cpu_seconds(pid), rss_mib(pid)
            except OSError:
                continue
            if pid in last:
                samples.setdefault(app, []).append((elapsed, cpu - last[pid], rss))
            last[pid] = cpu
        time.sleep(1)
    if args.csv:
        args.csv.write_text(
            "".join(
                f"{t:.0f},{app},{cpu:.3f},{rss:.1f}\n"
                for app, rows in samples.items()
                for t, cpu, rss in rows
            )
        )
    sys.stdout.write("app  idle: RSS MiB, CPU cores (median)  load: RSS MiB max, CPU cores p95\n")
    for app, rows in sorted(samples.items()):
        idle = [row for row in rows if row[0] <= args.idle] or rows[:1]
        load = [row for row in rows if row[0] > args.idle] or rows
        p95 = sorted(row[1] for row in load)[int(0.95 * (len(load) - 1))]
        sys.stdout.write(
            f"{app:40} {statistics.median(r[2] for r in idle):6.0f} "
            f"{statistics.median(r[1] for r in idle):5.2f}   "
            f"{max(r[2] for r in load):6.0f} {p95:5.2f}\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
