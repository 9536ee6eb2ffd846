"""Command line: `python -m scripts.infra start-postgres DIR PORT` and friends."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import (
    kill_rabbitmq,
    rabbitmqctl,
    restart_rabbitmq,
    start_postgres,
    start_rabbitmq,
    stop_postgres,
    stop_rabbitmq,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.infra", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start-postgres", "start-rabbitmq"):
        start = commands.add_parser(name, help=f"{name.replace('-', ' ')}; prints its URL")
        start.add_argument("run_dir", type=Path)
        start.add_argument("port", type=int, nargs="?", default=0)
    for name in ("stop-postgres", "stop-rabbitmq", "kill-rabbitmq", "restart-rabbitmq"):
        commands.add_parser(name, help=name.replace("-", " ")).add_argument("run_dir", type=Path)
    ctl = commands.add_parser("rabbitmqctl", help="run rabbitmqctl against the private node")
    ctl.add_argument("run_dir", type=Path)
    ctl.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    run_dir: Path = options.run_dir
    if options.command == "start-postgres":
        print(start_postgres(run_dir, options.port))
    elif options.command == "start-rabbitmq":
        print(start_rabbitmq(run_dir, options.port))
    elif options.command == "stop-postgres":
        stop_postgres(run_dir)
    elif options.command == "stop-rabbitmq":
        stop_rabbitmq(run_dir)
    elif options.command == "kill-rabbitmq":
        kill_rabbitmq(run_dir)
    elif options.command == "restart-rabbitmq":
        restart_rabbitmq(run_dir)
    else:
        print(rabbitmqctl(run_dir, *options.args), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
