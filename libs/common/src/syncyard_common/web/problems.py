"""Exception handlers: every error is problem+json naming the code, the field and the reason."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from syncyard_common.web.errors import ServiceError

PROBLEM_JSON = "application/problem+json"


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": code, "status": status, "code": code, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _field_path(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _on_service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return problem(exc.status_code, exc.code, exc.message, field=exc.field, **exc.extra)


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field_path(e["loc"]), "reason": e["msg"]} for e in exc.errors()]
    if any(e["reason"].startswith("JSON decode error") for e in errors):
        return problem(400, "malformed_json", "The request body is not valid JSON.")
    first = errors[0] if errors else {"field": "body", "reason": "invalid"}
    return problem(
        422,
        "validation_failed",
        f"{first['field']}: {first['reason']}",
        field=first["field"],
        errors=errors,
    )


_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> list[str]:
    """Every method the path's resource answers (Starlette's 405 names one route's only).

    Where several templates match (``/dead-letters/discard`` and ``/dead-letters/{id}``),
    the most literal one is the resource the path names."""
    found: dict[str, set[str]] = {}
    for context in iter_route_contexts(request.app.router.routes):
        template = context.path
        methods = getattr(context.original_route, "methods", None)
        if template and methods and compile_path(template)[0].match(request.url.path):
            found.setdefault(template, set()).update(methods)
    if not found:
        return []
    fewest = min(template.count("{") for template in found)
    allowed = set().union(*(m for t, m in found.items() if t.count("{") == fewest))
    return sorted(method for method in allowed if method in _METHODS)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(
        exc.status_code, "http_error"
    )
    response = problem(exc.status_code, code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(allowed_methods(request))
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _on_service_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
