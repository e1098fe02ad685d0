"""Which links of a page the viewer may follow: the route a link names decides.

Pages never offer what the viewer may not do. A link is offered only when the route it
points to would let the viewer in: the route is found in the app's own route table (as a
request to it would be routed) and its declared permission (``requires``) is checked the way
:func:`adapters.web.guards.permission_guard` checks it (both ask ``route_is_served``), with
the principals the page already has. So a provider (a dashboard widget) links what it
shows, and the page takes away the links this viewer may not open; nothing is declared
twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from litestar import Litestar
from litestar.exceptions import HTTPException
from litestar.utils import normalize_path

from mercato.adapters.web.guards import route_is_served
from mercato.adapters.web.tenancy import ScopeKind, request_tenancy
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.permissions import Principal

__all__ = ["LinkGate"]


@dataclass(frozen=True, slots=True)
class LinkGate:
    """Answers "may this viewer open ``url``?" for the links of one page.

    ``principals`` are the viewer on the admin (``"platform"``) and in ``vendor`` (the page's
    vendor, by slug) as far as the page knows them: a link to a route of a scope the gate has
    no principal for (another vendor's pages, say) is refused. So is a link to no route, to a
    route of a module not enabled here, or to an address outside the app.
    """

    app: Litestar
    registry: ModuleRegistry
    enabled: frozenset[str]
    principals: Mapping[ScopeKind, Principal]
    vendor: str | None = None

    @classmethod
    async def of(cls, request: Any, kind: ScopeKind) -> LinkGate:
        """The gate of a page of the admin (``"platform"``) or of the request's vendor."""
        tenancy = request_tenancy(request)
        vendor = (await tenancy.vendor()).slug if kind == "vendor" else None
        return cls(
            request.app,
            request.app.state["registry"],
            await tenancy.enabled(),
            {kind: await tenancy.principal(kind)},
            vendor,
        )

    def allows(self, url: str) -> bool:
        """True when the viewer may open ``url`` (a path of this app, query allowed)."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return False
        try:
            _, handler, _, params, _ = self.app.asgi_router.handle_routing(
                path=normalize_path(parts.path), method="GET"
            )
        except HTTPException:
            return False
        return self._lets_in(handler.opt, params)

    def _lets_in(self, opt: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
        if opt.get("public"):
            return True
        permission = opt.get("permission")
        if not isinstance(permission, str):
            return False
        if not route_is_served(opt, self.registry, self.enabled):
            return False
        kind: ScopeKind = opt.get("scope", "platform")
        if kind == "vendor" and params.get("vendor") != self.vendor:
            return False
        principal = self.principals.get(kind)
        return principal is not None and principal.has(permission)
