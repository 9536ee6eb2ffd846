"""The running simulator: settings, parsed WSDL and state, shared by both routers."""

from dataclasses import dataclass

from fastapi import Request

from syncyard_sim_mplus import schema
from syncyard_sim_mplus.settings import SimulatorSettings
from syncyard_sim_mplus.store import Store


@dataclass
class Simulator:
    """Everything one simulator instance owns."""

    settings: SimulatorSettings
    wsdl: schema.Wsdl
    store: Store


def current(request: Request) -> Simulator:
    """FastAPI dependency: the simulator of the app serving this request."""
    simulator: Simulator = request.app.state.simulator
    return simulator
