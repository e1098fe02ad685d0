"""Per-request tenancy: the current platform, its enabled modules and the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException

from domain.kernel.enablement import EnablementService
from ports.permissions import Principal
from ports.platforms import PlatformDirectory, PlatformRef
from ports.scope import Scope

__all__ = [
    "Authenticator",
    "DevelopmentAuthenticator",
    "NoPlatform",
    "RequestTenancy",
    "TenancyResolver",
    "request_tenancy",
]


class NoPlatform(NotFoundException):
    """No platform answers on this host and no fallback is configured."""


class Authenticator(Protocol):
    """Tells who is calling. The tenancy issue provides sessions and API tokens."""

    async def authenticate(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
        """The caller's principal (``Principal.anonymous()`` when nobody is signed in)."""
        ...


class DevelopmentAuthenticator:
    """Until sign-in exists: every caller is a development operator holding every permission.

    This is the authentication seam; it is replaced, not extended, by the tenancy issue.
    """

    async def authenticate(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
        """A principal holding every permission of the enabled modules."""
        return Principal(
            id="dev", display_name="Development operator", permissions=frozenset({"*"})
        )


@dataclass
class TenancyResolver:
    """Resolves a request's platform from its host, with an explicit development fallback."""

    directory: PlatformDirectory
    enablement: EnablementService
    authenticator: Authenticator
    default_platform: str | None = None

    async def platform_for(self, host: str) -> PlatformRef:
        """The platform answering on ``host``, else the explicitly configured default."""
        found = await self.directory.by_host(host.split(":", maxsplit=1)[0].lower())
        if found is not None:
            return found
        if self.default_platform:
            found = await self.directory.by_code(self.default_platform)
            if found is not None:
                return found
            raise NoPlatform(f"MERCATO_DEFAULT_PLATFORM '{self.default_platform}' does not exist")
        raise NoPlatform(
            f"no platform answers on host '{host}': add the domain to a platform or set "
            "MERCATO_DEFAULT_PLATFORM"
        )


@dataclass
class RequestTenancy:
    """Resolved lazily and at most once per request."""

    resolver: TenancyResolver
    host: str
    connection: ASGIConnection[Any, Any, Any, Any]
    _platform: PlatformRef | None = None
    _enabled: frozenset[str] | None = None
    _principal: Principal | None = field(default=None)

    async def platform(self) -> PlatformRef:
        """The current platform (``NoPlatform``, a 404, if none)."""
        if self._platform is None:
            self._platform = await self.resolver.platform_for(self.host)
        return self._platform

    async def scope(self, vendor_id: int | None = None) -> Scope:
        """The provider scope of this request."""
        p = await self.platform()
        return Scope(p.id, p.code, vendor_id)

    async def enabled(self) -> frozenset[str]:
        """The modules enabled on the current platform."""
        if self._enabled is None:
            self._enabled = await self.resolver.enablement.enabled_on((await self.platform()).id)
        return self._enabled

    async def principal(self) -> Principal:
        """Who is calling."""
        if self._principal is None:
            self._principal = await self.resolver.authenticator.authenticate(self.connection)
        return self._principal


def request_tenancy(connection: ASGIConnection[Any, Any, Any, Any]) -> RequestTenancy:
    """The request's :class:`RequestTenancy`, created on first use."""
    existing = connection.scope.get("state", {}).get("mercato_tenancy")
    if isinstance(existing, RequestTenancy):
        return existing
    resolver: TenancyResolver = connection.app.state["tenancy_resolver"]
    tenancy = RequestTenancy(resolver, connection.headers.get("host", ""), connection)
    connection.scope.setdefault("state", {})["mercato_tenancy"] = tenancy
    return tenancy
