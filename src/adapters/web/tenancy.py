"""Per-request tenancy: the platform, its enabled modules, the vendor, and the caller.

The platform comes from the request host (a platform domain) or the explicit development
fallback ``MERCATO_DEFAULT_PLATFORM``; the vendor from the ``vendor`` path parameter (a
slug), and only if it has joined this platform; the caller from an API token or the
session, through the tenancy module's :class:`IdentityResolver` and :class:`AccessPolicy`.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException

from mercato.domain.kernel.enablement import EnablementService
from mercato.ports.permissions import Principal
from mercato.ports.platforms import PlatformDirectory, PlatformRef, VendorDirectory, VendorRef
from mercato.ports.scope import Scope

__all__ = [
    "AccessPolicy",
    "Identity",
    "IdentityResolver",
    "NoPlatform",
    "OpenedSession",
    "RequestTenancy",
    "ScopeKind",
    "TenancyResolver",
    "request_tenancy",
]

ScopeKind = Literal["platform", "vendor"]


class NoPlatform(NotFoundException):
    """No platform answers on this host and no fallback is configured."""


@dataclass(frozen=True, slots=True)
class Identity:
    """A signed-in user, and the scope of the API token they came with (if any)."""

    user_id: int
    email: str
    display_name: str
    via: Literal["session", "token"]
    token_vendor_id: int | None = None
    token_platform_id: int | None = None
    grants: object = None
    """What the identity resolver read with the credentials (its grants), for its access
    policy; opaque to the web layer."""


@dataclass(frozen=True, slots=True)
class OpenedSession:
    """A stored session read together with its user: the data, its expiry, and the identity
    (``None`` when the session names no active user or is outdated)."""

    data: bytes | None
    expires_at: datetime | None = None
    identity: Identity | None = None


class IdentityResolver(Protocol):
    """Tells who is calling: an ``Authorization: Bearer`` token, else the session."""

    async def identify(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Identity | None:
        """The caller, or ``None`` for nobody; a bad or revoked token is a 401, not nobody."""
        ...

    async def open_session(
        self, connection: ASGIConnection[Any, Any, Any, Any], key: str
    ) -> OpenedSession:
        """The database-stored session ``key`` and its user, read in one statement."""
        ...


class AccessPolicy(Protocol):
    """What an identity may do, given the modules enabled on the platform."""

    async def platform_permissions(
        self, identity: Identity, platform_id: int, enabled: frozenset[str]
    ) -> frozenset[str]:
        """Permissions on the platform's admin frontend."""
        ...

    async def vendor_permissions(
        self,
        identity: Identity,
        vendor_id: int,
        platform_id: int,
        enabled: frozenset[str],
        vendor: VendorRef | None = None,
    ) -> frozenset[str]:
        """Permissions in the vendor's frontend on this platform (``vendor``: its status here,
        when the caller resolved it)."""
        ...


@dataclass
class TenancyResolver:
    """Everything a request needs to resolve its tenancy; one per app."""

    directory: PlatformDirectory
    vendors: VendorDirectory
    enablement: EnablementService
    identities: IdentityResolver
    access: AccessPolicy
    default_platform: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    """The installation's configured address (``MERCATO_PUBLIC_URL``): see
    :mod:`adapters.web.links`."""

    async def platform_for(self, host: str) -> PlatformRef:
        """The platform answering on ``host``, else the explicitly configured default."""
        found = await self.directory.by_host(host.split(":", maxsplit=1)[0].lower().rstrip("."))
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
    _vendor: VendorRef | None = None
    _identity: Identity | None = None
    _identified: bool = False
    _refused: NotAuthorizedException | None = None
    _principals: dict[str, Principal] = field(default_factory=dict)

    async def platform(self) -> PlatformRef:
        """The current platform (``NoPlatform``, a 404, if none).

        The caller is identified first: that statement also reads the configuration version,
        so the platform then comes from memory (see :mod:`adapters.tenancy.cache`). A bad
        token is remembered, not raised here: public routes still answer.
        """
        if self._platform is None:
            with suppress(NotAuthorizedException):
                await self.identity()
            self._platform = await self.resolver.platform_for(self.host)
        return self._platform

    async def open_session(self, key: str) -> OpenedSession:
        """Read the stored session ``key`` with its user (the session middleware's load):
        the request's identity is then known without another statement."""
        opened = await self.resolver.identities.open_session(self.connection, key)
        self._identity, self._identified = opened.identity, True
        return opened

    async def vendor(self) -> VendorRef:
        """The vendor of the ``vendor`` path parameter; 404 unless it is on this platform."""
        if self._vendor is None:
            slug = self.connection.path_params.get("vendor")
            platform = await self.platform()
            found = None
            if isinstance(slug, str):
                found = await self.resolver.vendors.on_platform(slug, platform.id)
            if found is None:
                raise NotFoundException(f"no vendor '{slug}' on this platform")
            self._vendor = found
        return self._vendor

    async def scope(self, vendor: bool = False) -> Scope:
        """The provider scope of this request (of its vendor when ``vendor``)."""
        p = await self.platform()
        return Scope(p.id, p.code, (await self.vendor()).id if vendor else None)

    async def enabled(self) -> frozenset[str]:
        """The modules enabled on the current platform."""
        if self._enabled is None:
            self._enabled = await self.resolver.enablement.enabled_on((await self.platform()).id)
        return self._enabled

    async def identity(self) -> Identity | None:
        """Who is calling, or ``None``."""
        if self._refused is not None:
            raise self._refused
        if not self._identified:
            try:
                self._identity = await self.resolver.identities.identify(self.connection)
            except NotAuthorizedException as exc:
                self._refused = exc
                raise
            self._identified = True
        return self._identity

    async def principal(self, kind: ScopeKind = "platform") -> Principal:
        """The caller with their effective permissions for the admin or the vendor frontend.

        A token scoped to a vendor grants nothing outside that vendor, and a token scoped to
        a platform nothing outside that platform.
        """
        if kind in self._principals:
            return self._principals[kind]
        identity = await self.identity()
        if identity is None:
            principal = Principal.anonymous()
        else:
            principal = Principal(
                id=f"user:{identity.user_id}",
                display_name=identity.display_name,
                permissions=await self._permissions(identity, kind),
                user_id=identity.user_id,
                email=identity.email,
            )
        self._principals[kind] = principal
        return principal

    async def refusal(self, kind: ScopeKind, permission: str) -> str:
        """Why the caller may not use a route needing ``permission``, in words: a token of
        another platform or vendor, not on the vendor's team (or the vendor is suspended
        here), not an administrator, or just that permission missing."""
        identity = await self.identity()
        platform = await self.platform()
        if identity is not None and identity.token_platform_id not in (None, platform.id):
            return "your API token is scoped to another platform"
        if (await self.principal(kind)).permissions:
            return f"you need the permission '{permission}'"
        if kind == "platform":
            return f"you are not an administrator of {platform.name}"
        vendor = await self.vendor()
        if identity is not None and identity.token_vendor_id not in (None, vendor.id):
            return f"your API token is for another vendor: you are not on the team of {vendor.name}"
        if vendor.status != "active":
            return f"{vendor.name} is suspended on {platform.name}"
        return f"you are not on the team of {vendor.name}"

    async def _permissions(self, identity: Identity, kind: ScopeKind) -> frozenset[str]:
        platform = await self.platform()
        if identity.token_platform_id not in (None, platform.id):
            return frozenset()
        enabled = await self.enabled()
        if kind == "vendor":
            vendor = await self.vendor()
            if identity.token_vendor_id not in (None, vendor.id):
                return frozenset()
            return await self.resolver.access.vendor_permissions(
                identity, vendor.id, platform.id, enabled, vendor
            )
        if identity.token_vendor_id is not None:
            return frozenset()
        return await self.resolver.access.platform_permissions(identity, platform.id, enabled)


def request_tenancy(connection: ASGIConnection[Any, Any, Any, Any]) -> RequestTenancy:
    """The request's :class:`RequestTenancy`, created on first use."""
    state = connection.scope.setdefault("state", {})
    existing = state.get("mercato_tenancy")
    if isinstance(existing, RequestTenancy):
        return existing
    resolver: TenancyResolver = connection.app.state["tenancy_resolver"]
    tenancy = RequestTenancy(resolver, connection.headers.get("host", ""), connection)
    state["mercato_tenancy"] = tenancy
    return tenancy
