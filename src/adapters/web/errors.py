"""Error responses: JSON for the API, a page for browsers; never a traceback."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    InternalServerException,
    NotAuthorizedException,
    ValidationException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_500_INTERNAL_SERVER_ERROR

from mercato.adapters.web.error_body import FieldError, error_body
from mercato.domain.kernel.errors import KernelError
from mercato.ports.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
)

__all__ = ["ConflictException", "exception_handlers"]

_log = logging.getLogger("mercato.web")


class ConflictException(ClientException):
    """A 409, for a route's ``raises``: the domain's ``Conflict`` and kernel refusals answer it."""

    status_code = HTTP_409_CONFLICT


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/health", "/schema")):
        return True
    return "text/html" not in request.headers.get("accept", "")


def _respond(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    extra: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
) -> Response[Any]:
    if _wants_json(request):
        body = error_body(status, detail, errors, extra)
        return Response(body, status_code=status, media_type=MediaType.JSON)
    context = {
        "status_code": status,
        "detail": detail,
        "menu": (),
        "page_title": "Error",
        "home": _home(request.url.path),
    }
    return Template("errors/error.html", context=context, status_code=status)


_VENDOR_PAGE = re.compile(r"^/vendor/(?P<slug>[^/]+)")


def _home(path: str) -> str:
    """Where an error page links back to: the vendor's dashboard under ``/vendor/<slug>``,
    else the admin dashboard."""
    found = _VENDOR_PAGE.match(path)
    return f"/vendor/{quote(found['slug'], safe='')}/" if found else "/admin/"


def _unauthenticated(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    if _wants_json(request):
        return _respond(request, 401, exc.detail or "sign in to continue")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"/auth/login?next={quote(target, safe='')}", status_code=303)


def _domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    status = next(code for kind, code in _DOMAIN_STATUS if isinstance(exc, kind))
    extra = {"field": exc.field} if exc.field else None
    errors = [FieldError(exc.field, exc.message)] if exc.field else None
    response = _respond(request, status, exc.message, extra, errors)
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _invalid_fields(errors: Any) -> tuple[dict[str, Any], list[FieldError]]:
    """``extra`` of a 400 for invalid input: every error, and the first field at fault as
    ``field`` (where a domain refusal names its field too); and the fields at fault."""
    extra: dict[str, Any] = {"errors": errors}
    listed = [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
    fields = [FieldError(str(e["key"]), str(e.get("message", ""))) for e in listed if e.get("key")]
    if fields:
        extra["field"] = fields[0].field.split(".")[0].split("[")[0]
    return extra, fields


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    extra, fields = None, None
    if isinstance(exc, ValidationException) and exc.extra:
        extra, fields = _invalid_fields(exc.extra)
    detail = exc.detail or {404: "Not found"}.get(exc.status_code, "Error")
    return _respond(request, exc.status_code, detail, extra, fields)


# Where msgspec locates an invalid field of the request body: "... - at `$.data.domains`".
_BODY_FIELD = re.compile(r"^(?P<message>.*) - at `\$\.data\.(?P<key>[^`]+)`$")


def _internal(request: Request[Any, Any, Any], exc: InternalServerException) -> Response[Any]:
    """A 500, unless Litestar mistook an invalid body field for a failing dependency.

    Litestar blames a dependency when the invalid field has a dependency's name (a platform's
    ``domains``, a vendor's ``platforms``): the body is the client's, so that is a 400.
    """
    cause = exc.__cause__
    found = _BODY_FIELD.match(str(cause)) if isinstance(cause, msgspec.ValidationError) else None
    if found is None:
        return _http(request, exc)
    error = {"message": found["message"], "key": found["key"], "source": "body"}
    detail = f"Validation failed for {request.method} {request.url.path}"
    return _respond(request, 400, detail, *_invalid_fields([error]))


def _kernel(request: Request[Any, Any, Any], exc: KernelError) -> Response[Any]:
    return _respond(request, 409, str(exc))


def _value(request: Request[Any, Any, Any], exc: ValueError) -> Response[Any]:
    return _respond(request, 400, str(exc))


def _recursion(request: Request[Any, Any, Any], exc: RecursionError) -> Response[Any]:
    """A body nested too deeply for the decoder is the client's fault (400); any other
    recursion error is ours (500)."""
    if "deserializing" in str(exc):
        return _respond(request, 400, "the request body is nested too deeply")
    return _unexpected(request, exc)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    _log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _respond(request, HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")


_DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidInput, 400),
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (RateLimited, 429),
    (DomainError, 400),
)

exception_handlers: dict[Any, Any] = {
    NotAuthorizedException: _unauthenticated,
    DomainError: _domain,
    HTTPException: _http,
    InternalServerException: _internal,
    KernelError: _kernel,
    ValueError: _value,
    RecursionError: _recursion,
    Exception: _unexpected,
}
