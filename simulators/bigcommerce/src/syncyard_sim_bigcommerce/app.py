"""Composition root: `create_app()` builds the simulator (uvicorn factory target)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from syncyard_sim_bigcommerce import (
    addresses,
    categories,
    control,
    customers,
    guard,
    hooks,
    inventory,
    orders,
    products,
    seed,
    variants,
)
from syncyard_sim_bigcommerce.delivery import Deliverer
from syncyard_sim_bigcommerce.deps import Simulator
from syncyard_sim_bigcommerce.errors import (
    ApiError,
    handle_api_error,
    handle_http_error,
    handle_validation_error,
)
from syncyard_sim_bigcommerce.settings import SimulatorSettings
from syncyard_sim_bigcommerce.store import Store


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build a fresh simulator with its own in-memory store."""
    settings = settings or SimulatorSettings()
    store = Store(settings=settings)
    seed.seed_store(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.simulator = Simulator(store=store, deliverer=Deliverer(store=store))
        yield
        await app.state.simulator.deliverer.close()

    app = FastAPI(title="BigCommerce API simulator", lifespan=lifespan)
    app.middleware("http")(guard.guard_api)
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    routers = (addresses, customers, variants, products, categories, inventory, orders, hooks,
               control)  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    return app
