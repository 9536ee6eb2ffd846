"""Serve one service or simulator with uvicorn on a listening socket its parent bound and
handed down (scripts/system/processes.py), so its port is never free between being picked and
being served: run as ``python serve_socket.py <module:factory> --fd <fd> --port <port>``
(the port it is bound to, checked, and shown to scripts/sample_resources.py).

Not ``uvicorn --fd``: that one takes any descriptor for a Unix socket, and the connections it
accepts from a TCP one then go without TCP_NODELAY."""

import argparse
import socket
import sys
from pathlib import Path

# Run by path, this file's folder comes first on sys.path: its modules must not shadow others.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)
# The working directory instead, as uvicorn's command line has it (--app-dir "."): apps outside
# the installed packages, such as bench.intake_skeleton, import from the repository root.
sys.path.insert(0, "")

import uvicorn

from syncyard_common.web.slow_clients import KEEP_ALIVE_SECONDS

# The options the services always run with (the same as the Dockerfile's uvicorn command).
HTTP = "syncyard_common.web.slow_clients:SlowClientGuard"
GRACEFUL_SHUTDOWN_SECONDS = 10


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("app", help="module:factory")
    parser.add_argument("--fd", type=int, required=True, help="the inherited socket")
    parser.add_argument("--port", type=int, required=True, help="the port it is bound to")
    args = parser.parse_args(argv)
    listener = socket.socket(fileno=args.fd)  # family and type as the descriptor says
    bound = listener.getsockname()[1]
    if bound != args.port:
        raise SystemExit(f"descriptor {args.fd} is bound to port {bound}, not {args.port}")
    config = uvicorn.Config(
        args.app,
        factory=True,
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        http=HTTP,
    )
    uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    main(sys.argv[1:])
