"""The simulator object shared by all routes, and its FastAPI dependency alias."""

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from syncyard_sim_shopify.delivery import Deliverer
from syncyard_sim_shopify.ratelimit import CostBucket, LeakyBucket
from syncyard_sim_shopify.store import Store


@dataclass
class Simulator:
    """Shop state, webhook deliverer and rate-limit buckets of one running simulator."""

    store: Store
    deliverer: Deliverer
    bucket: LeakyBucket = field(default_factory=LeakyBucket)
    cost_bucket: CostBucket = field(default_factory=CostBucket)


def get_simulator(request: Request) -> Simulator:
    """The simulator stored on the app by `create_app`."""
    simulator: Simulator = request.app.state.simulator
    return simulator


SimulatorDep = Annotated[Simulator, Depends(get_simulator)]
