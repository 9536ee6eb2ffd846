"""Composition root: `create_app()` builds the simulator (uvicorn factory target)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from syncyard_sim_ecwid import categories, control, customers, guard, orders, products, profile
from syncyard_sim_ecwid.delivery import Deliverer
from syncyard_sim_ecwid.deps import Simulator
from syncyard_sim_ecwid.errors import EcwidError, handle_ecwid_error
from syncyard_sim_ecwid.seed import seed_store
from syncyard_sim_ecwid.settings import SimulatorSettings
from syncyard_sim_ecwid.store import Store


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return EcwidError(exc.status_code, str(exc.detail)).response()


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """A malformed path id or control body; Ecwid answers 400 for malformed parameters."""
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": ("?",), "msg": "invalid"}
    name = str(first["loc"][-1])
    code = "WRONG_PARAMETER" if request.url.path.startswith(guard.API_PREFIX) else None
    return EcwidError(400, f"Wrong parameter '{name}' value: {first['msg']}", code).response()


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build a fresh simulator with its own in-memory store (seeded unless settings say no)."""
    settings = settings or SimulatorSettings()
    store = Store(settings=settings)
    if settings.seed:
        seed_store(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.simulator = Simulator(store=store, deliverer=Deliverer(store=store))
        yield
        await app.state.simulator.deliverer.close()

    app = FastAPI(title="Ecwid REST API v3 simulator", lifespan=lifespan)
    app.middleware("http")(guard.guard_api)
    app.add_exception_handler(EcwidError, handle_ecwid_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for module in (products, categories, customers, orders, profile, control):
        app.include_router(module.router)
    return app
