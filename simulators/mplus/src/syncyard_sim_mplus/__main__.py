"""`python -m syncyard_sim_mplus --host 127.0.0.1 --port 8101`."""

import argparse

import uvicorn

from syncyard_sim_mplus.app import create_app


def main() -> None:
    """Run the simulator with uvicorn."""
    parser = argparse.ArgumentParser(description="MplusKASSA SOAP simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    args = parser.parse_args()
    uvicorn.run(create_app(), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
