"""The simulator object shared by all routes, and its FastAPI dependency alias."""

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from syncyard_sim_mijnwebwinkel.ratelimit import TokenBucket
from syncyard_sim_mijnwebwinkel.store import Store


@dataclass
class Simulator:
    """Store state and rate-limit buckets of one running simulator."""

    store: Store
    bucket: TokenBucket = field(default_factory=TokenBucket)


def get_simulator(request: Request) -> Simulator:
    """The simulator stored on the app by `create_app`."""
    simulator: Simulator = request.app.state.simulator
    return simulator


def get_store(request: Request) -> Store:
    """The simulated store's state."""
    return get_simulator(request).store


SimulatorDep = Annotated[Simulator, Depends(get_simulator)]
StoreDep = Annotated[Store, Depends(get_store)]
