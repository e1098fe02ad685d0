"""Error responses: JSON for the API, a page for browsers; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from domain.kernel.errors import KernelError

__all__ = ["exception_handlers"]

_log = logging.getLogger("mercato.web")


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/health", "/schema")):
        return True
    return "text/html" not in request.headers.get("accept", "")


def _respond(
    request: Request[Any, Any, Any], status: int, detail: str, extra: dict[str, Any] | None = None
) -> Response[Any]:
    if _wants_json(request):
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if extra:
            body["extra"] = extra
        return Response(body, status_code=status, media_type=MediaType.JSON)
    return Template(
        "errors/error.html",
        context={"status_code": status, "detail": detail, "menu": (), "page_title": "Error"},
        status_code=status,
    )


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    extra = None
    if isinstance(exc, ValidationException) and exc.extra:
        extra = {"errors": exc.extra}
    detail = exc.detail or {404: "Not found"}.get(exc.status_code, "Error")
    return _respond(request, exc.status_code, detail, extra)


def _kernel(request: Request[Any, Any, Any], exc: KernelError) -> Response[Any]:
    return _respond(request, 409, str(exc))


def _value(request: Request[Any, Any, Any], exc: ValueError) -> Response[Any]:
    return _respond(request, 400, str(exc))


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    _log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _respond(request, HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")


exception_handlers: dict[Any, Any] = {
    HTTPException: _http,
    KernelError: _kernel,
    ValueError: _value,
    Exception: _unexpected,
}
