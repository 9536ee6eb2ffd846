"""Composition root: `create_app()` builds the simulator (uvicorn factory target)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from syncyard_sim_mailchimp import (
    batches,
    carts,
    control,
    customers,
    guard,
    members,
    orders,
    products,
    seed,
    shops,
    webhooks,
)
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.delivery import Deliverer
from syncyard_sim_mailchimp.deps import Simulator
from syncyard_sim_mailchimp.problems import MailchimpError, handle_mailchimp_error
from syncyard_sim_mailchimp.settings import SimulatorSettings
from syncyard_sim_mailchimp.store import Store

health = APIRouter(prefix="/3.0")


@health.get("/ping")
async def ping() -> Json:
    """Mailchimp's health check (needs a valid key like every other call)."""
    return {"health_status": "Everything's Chimpy!"}


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return MailchimpError(exc.status_code).response()


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "message": e["msg"]}
        for e in exc.errors()
    ]
    return MailchimpError(400, errors=errors).response()


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build a fresh simulator with its own in-memory account."""
    settings = settings or SimulatorSettings()
    store = Store(settings=settings)
    simulator = Simulator(store=store, deliverer=Deliverer(store=store))
    if settings.demo_data:
        seed.seed_demo(simulator)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await simulator.deliverer.close()

    app = FastAPI(title="Mailchimp Marketing API simulator", lifespan=lifespan)
    app.state.simulator = simulator
    app.middleware("http")(guard.guard_api)
    app.add_exception_handler(MailchimpError, handle_mailchimp_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    routers = (health, shops, products, customers, orders, carts, members, webhooks, batches)
    for module in routers:
        app.include_router(module if isinstance(module, APIRouter) else module.router)
    app.include_router(control.router)
    return app
