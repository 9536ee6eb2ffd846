"""`python -m syncyard_sim_mijnwebwinkel` serves the simulator on the settings' host and port."""

import uvicorn

from syncyard_sim_mijnwebwinkel.app import create_app
from syncyard_sim_mijnwebwinkel.settings import SimulatorSettings


def main() -> None:
    """Read SIM_MIJNWEBWINKEL_* settings and serve until stopped."""
    settings = SimulatorSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
