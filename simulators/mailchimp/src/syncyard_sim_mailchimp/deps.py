"""The simulator object shared by all routes, and its FastAPI dependency alias."""

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from syncyard_sim_mailchimp.delivery import Deliverer
from syncyard_sim_mailchimp.ratelimit import ConcurrencyGate
from syncyard_sim_mailchimp.store import Store


@dataclass
class Simulator:
    """Account state and the webhook deliverer of one running simulator."""

    store: Store
    deliverer: Deliverer
    gate: ConcurrencyGate = field(default_factory=ConcurrencyGate)


def get_simulator(request: Request) -> Simulator:
    simulator: Simulator = request.app.state.simulator
    return simulator


SimulatorDep = Annotated[Simulator, Depends(get_simulator)]
