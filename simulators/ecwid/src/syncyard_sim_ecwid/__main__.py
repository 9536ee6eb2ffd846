"""`python -m syncyard_sim_ecwid [--host H] [--port P]` (defaults from SIM_ECWID_HOST/_PORT)."""

import argparse

import uvicorn

from syncyard_sim_ecwid.app import create_app
from syncyard_sim_ecwid.settings import SimulatorSettings


def main() -> None:
    """Serve one simulator; host and port come from the settings unless given."""
    settings = SimulatorSettings()
    parser = argparse.ArgumentParser(description="Ecwid REST API v3 simulator")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    uvicorn.run(create_app(settings), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
