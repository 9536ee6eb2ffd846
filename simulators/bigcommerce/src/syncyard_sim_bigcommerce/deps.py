"""The simulator object shared by all routes, and its FastAPI dependency alias."""

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from syncyard_sim_bigcommerce.delivery import Deliverer
from syncyard_sim_bigcommerce.ratelimit import WindowQuota
from syncyard_sim_bigcommerce.store import Store


@dataclass
class Simulator:
    """Store state, webhook deliverer and the request quota of one running simulator."""

    store: Store
    deliverer: Deliverer
    quota: WindowQuota = field(default_factory=WindowQuota)


def get_simulator(request: Request) -> Simulator:
    """The simulator stored on the app by `create_app`."""
    simulator: Simulator = request.app.state.simulator
    return simulator


SimulatorDep = Annotated[Simulator, Depends(get_simulator)]
