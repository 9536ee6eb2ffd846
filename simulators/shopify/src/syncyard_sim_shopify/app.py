"""Composition root: `create_app()` builds the simulator (uvicorn factory target)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from syncyard_sim_shopify import (
    collections,
    control,
    control_records,
    customers,
    fulfillments,
    graphql_endpoint,
    guard,
    inventory,
    orders,
    products,
    seed,
    shop,
    transactions,
    webhooks,
)
from syncyard_sim_shopify.delivery import Deliverer
from syncyard_sim_shopify.deps import Simulator
from syncyard_sim_shopify.errors import ShopifyError, handle_shopify_error
from syncyard_sim_shopify.settings import SimulatorSettings
from syncyard_sim_shopify.store import Store


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"errors": exc.detail}, status_code=exc.status_code)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = {".".join(str(p) for p in e["loc"][1:]) or "base": [e["msg"]] for e in exc.errors()}
    return JSONResponse({"errors": errors}, status_code=422)


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build a fresh simulator with its own in-memory shop."""
    settings = settings or SimulatorSettings()
    store = Store(settings=settings)
    seed.seed_shop(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.simulator = Simulator(store=store, deliverer=Deliverer(store=store))
        yield
        await app.state.simulator.deliverer.close()

    app = FastAPI(title="Shopify Admin API simulator", lifespan=lifespan)
    app.middleware("http")(guard.guard_api)
    app.add_exception_handler(ShopifyError, handle_shopify_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for module in (
        orders,
        fulfillments,
        transactions,
        products,
        graphql_endpoint,
        collections,
        customers,
        inventory,
        shop,
        webhooks,
        control,
        control_records,
    ):
        app.include_router(module.router)
    return app
