"""`python -m syncyard_sim_bigcommerce [--host H] [--port P]` (defaults from settings)."""

import argparse

import uvicorn

from syncyard_sim_bigcommerce.app import create_app
from syncyard_sim_bigcommerce.settings import SimulatorSettings


def main() -> None:
    """Parse host/port (SIM_BIGCOMMERCE_HOST/PORT by default) and serve the simulator."""
    settings = SimulatorSettings()
    parser = argparse.ArgumentParser(description="BigCommerce API simulator")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    uvicorn.run(create_app(settings), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
