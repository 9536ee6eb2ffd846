"""`python -m syncyard_sim_mailchimp [--host 127.0.0.1] [--port 8106]`."""

import argparse

import uvicorn

from syncyard_sim_mailchimp.app import create_app
from syncyard_sim_mailchimp.settings import SimulatorSettings


def main() -> None:
    """Serve the simulator; host and port default to the settings (SIM_MAILCHIMP_PORT)."""
    settings = SimulatorSettings()
    parser = argparse.ArgumentParser(description="Mailchimp Marketing API simulator")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    uvicorn.run(create_app(settings), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
