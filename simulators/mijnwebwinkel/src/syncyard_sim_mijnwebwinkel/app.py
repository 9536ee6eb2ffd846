"""Composition root: `create_app()` builds the simulator (uvicorn factory target)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from syncyard_sim_mijnwebwinkel import articles, categories, control, customers, guard, orders, seed
from syncyard_sim_mijnwebwinkel.deps import Simulator
from syncyard_sim_mijnwebwinkel.errors import ApiError, handle_api_error
from syncyard_sim_mijnwebwinkel.settings import SimulatorSettings
from syncyard_sim_mijnwebwinkel.store import Store

_TITLES = {404: "Not Found", 405: "Method Not Allowed"}


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    title = _TITLES.get(exc.status_code, "Error")
    return ApiError(exc.status_code, title, str(exc.detail)).response()


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid"}
    where = ".".join(str(part) for part in first["loc"][1:]) or "request"
    return ApiError(400, "Bad Request", f"{where}: {first['msg']}").response()


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build a fresh simulator with its own in-memory store."""
    settings = settings or SimulatorSettings()
    store = Store(settings=settings)
    seed.seed_store(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.simulator = Simulator(store=store)
        yield

    app = FastAPI(title="MijnWebwinkel Connect API simulator", lifespan=lifespan)
    app.middleware("http")(guard.guard_api)
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for module in (articles, categories, customers, orders, control):
        app.include_router(module.router)
    return app
