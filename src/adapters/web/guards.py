"""Route guards: every route declares a permission or is explicitly public."""

from collections.abc import Awaitable, Callable, Mapping, Set
from copy import copy
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.handlers import HTTPRouteHandler
from litestar.handlers.base import BaseRouteHandler

from mercato.adapters.web.tenancy import ScopeKind, request_tenancy
from mercato.domain.kernel.registry import ModuleRegistry

__all__ = [
    "ANY_HOST",
    "GUARD_ERRORS",
    "PUBLIC",
    "module_guard",
    "permission_guard",
    "requires",
    "route_is_served",
    "with_guard_errors",
]

PUBLIC: dict[str, Any] = {"public": True}
"""A page anyone may open, on a platform's host: a host that belongs to no platform (and no
default platform configured) answers 404 before the handler runs (its links, forms and
e-mails never carry a foreign host)."""

ANY_HOST: dict[str, Any] = {"public": True, "any_host": True}
"""Public on any host: health checks, static files, the schema, storefronts (vendor hosts)."""

# What the guards answer a route that declares a permission with: 401 (nobody, or a bad
# token), 403 (not allowed), 404 (module not enabled here, or vendor not on this platform).
GUARD_ERRORS: tuple[type[HTTPException], ...] = (
    NotAuthorizedException,
    PermissionDeniedException,
    NotFoundException,
)


def requires(permission: str, scope: ScopeKind = "platform") -> dict[str, Any]:
    """The ``opt`` of a route that needs ``permission``: ``@get(..., opt=requires("x.y"))``.

    ``scope="vendor"`` checks the permission in the vendor of the route's ``{vendor}`` path
    parameter (the vendor frontend); the default checks it on the platform (the admin).
    """
    return {"permission": permission, "scope": scope}


def route_is_served(opt: Mapping[str, Any], registry: ModuleRegistry, enabled: Set[str]) -> bool:
    """True when the module owning the route's permission (and the route's own ``module``,
    if it names one) is enabled: otherwise the route answers 404 on this platform."""
    owner = registry.owner_of_permission(str(opt.get("permission")))
    module = opt.get("module")
    return owner is not None and owner in enabled and (module is None or module in enabled)


async def permission_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Allow public routes (on a platform's host, unless ``ANY_HOST``); otherwise demand the
    declared permission of an enabled module.

    A route that declares neither is refused (fail closed): the route-guard test walks every
    route so that this never reaches a user.
    """
    opt = handler.opt
    if opt.get("public"):
        if not opt.get("any_host"):
            await request_tenancy(connection).platform()  # NoPlatform: 404
        return
    permission = opt.get("permission")
    if not isinstance(permission, str):
        raise PermissionDeniedException("this route declares no permission")
    tenancy = request_tenancy(connection)
    registry: ModuleRegistry = connection.app.state["registry"]
    if not route_is_served(opt, registry, await tenancy.enabled()):
        raise NotFoundException()
    principal = await tenancy.principal(opt.get("scope", "platform"))
    if not principal.is_authenticated:
        raise NotAuthorizedException("sign in to continue")
    if not principal.has(permission):
        raise PermissionDeniedException(
            await tenancy.refusal(opt.get("scope", "platform"), permission)
        )


def module_guard(code: str) -> Callable[..., Awaitable[None]]:
    """A guard answering 404 when module ``code`` is not enabled on the current platform."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if code not in await request_tenancy(connection).enabled():
            raise NotFoundException()

    guard.__name__ = f"module_guard_{code}"
    return guard


def with_guard_errors(handler: Any) -> Any:
    """A copy of a route ``handler`` that declares a permission, documenting ``GUARD_ERRORS``.

    Its OpenAPI operation then lists the answers of the guards in front of it, next to the
    ones it raises itself. Public routes and anything else are returned as they are.
    """
    if not isinstance(handler, HTTPRouteHandler) or "permission" not in handler.opt:
        return handler
    raises = list(handler.raises or ())
    documented = copy(handler)
    documented.raises = raises + [e for e in GUARD_ERRORS if e not in raises]
    return documented
