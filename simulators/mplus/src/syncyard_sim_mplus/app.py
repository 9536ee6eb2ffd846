"""Composition root: `create_app()` wires settings, WSDL, state and both routers."""

from fastapi import FastAPI

from syncyard_sim_mplus import control, control_catalogue, schema, soap
from syncyard_sim_mplus.settings import SimulatorSettings
from syncyard_sim_mplus.simulator import Simulator
from syncyard_sim_mplus.store import Store


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build the simulator app; settings default to the SIM_MPLUS_* environment."""
    settings = settings or SimulatorSettings.from_environ()
    app = FastAPI(
        title="MplusKASSA simulator", docs_url="/_sim/docs", openapi_url="/_sim/openapi.json"
    )
    app.state.simulator = Simulator(
        settings=settings,
        wsdl=schema.Wsdl(settings.wsdl_path),
        store=Store(require_employee_number=settings.require_employee_number),
    )
    app.include_router(control.router)
    app.include_router(control_catalogue.router)
    app.include_router(soap.router)
    return app
