"""The JSON API of a vendor's API tokens and custom domains (``/api/v1/vendors/{vendor}``).

Every route is guarded in the vendor of its path; the id of another vendor's token or
domain answers 404. A new token's secret is returned once (``Cache-Control: no-store``).
"""

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from mercato.adapters.tenancy._vendor_common import (
    API,
    NO_STORE,
    PageNo,
    PageSize,
    page_of,
    signed_in_user_id,
    vendor_id,
)
from mercato.adapters.tenancy.inputs import DomainIn, TokenIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.model import ApiToken, VendorDomain
from mercato.domain.tenancy.tokens import TokenService
from mercato.domain.tenancy.vendors import DomainService
from mercato.ports.pagination import PageRequest

__all__ = ["HANDLERS"]


class TokenOut(msgspec.Struct):
    id: int
    name: str
    prefix: str
    user_id: int
    created_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked: bool


class TokenPageOut(msgspec.Struct):
    items: list[TokenOut]
    total: int
    page: int
    size: int
    pages: int


class TokenCreatedOut(msgspec.Struct):
    token: TokenOut
    secret: str


class DomainOut(msgspec.Struct):
    id: int
    domain: str
    verification_token: str
    verified: bool
    is_primary: bool
    created_at: datetime | None


def _token(t: ApiToken) -> TokenOut:
    return TokenOut(
        t.id, t.name, t.prefix, t.user_id, t.created_at, t.last_used_at, t.revoked_at, t.is_revoked
    )


def _domain(d: VendorDomain) -> DomainOut:
    return DomainOut(d.id, d.domain, d.verification_token, d.verified, d.is_primary, d.created_at)


# -- API tokens ---------------------------------------------------------------------------


@get(
    f"{API}/tokens",
    opt=requires("tokens.manage", "vendor"),
    tags=["tokens"],
    summary="The vendor's API tokens",
)
async def list_tokens(
    request: Request[Any, Any, Any],
    tokens: NamedDependency[TokenService],
    page: PageNo = 1,
    size: PageSize = 25,
) -> TokenPageOut:
    """A page of the tokens scoped to the vendor, newest first (prefixes only)."""
    found = page_of(await tokens.of_vendor(await vendor_id(request)), PageRequest(page, size))
    return TokenPageOut([_token(t) for t in found.items], found.total, page, size, found.pages)


@post(
    f"{API}/tokens",
    opt=requires("tokens.manage", "vendor"),
    tags=["tokens"],
    summary="Create an API token (the secret is returned once)",
    response_headers=NO_STORE,
)
async def create_token(
    request: Request[Any, Any, Any],
    tokens: NamedDependency[TokenService],
    data: JSONBody[TokenIn],
) -> TokenCreatedOut:
    """A token of the caller scoped to this vendor; ``secret`` is never shown again.

    Made with a platform-scoped token, it works on that platform only."""
    identity = await request_tenancy(request).identity()
    token, secret = await tokens.issue(
        await signed_in_user_id(request),
        data.name,
        vendor_id=await vendor_id(request),
        platform_id=None if identity is None else identity.token_platform_id,
    )
    return TokenCreatedOut(_token(token), secret)


@delete(
    f"{API}/tokens/{{token_id:int}}",
    opt=requires("tokens.manage", "vendor"),
    tags=["tokens"],
    summary="Revoke an API token",
)
async def revoke_token(
    request: Request[Any, Any, Any], token_id: PathId, tokens: NamedDependency[TokenService]
) -> None:
    """Revoke a token of this vendor; it answers 401 from then on."""
    await tokens.revoke(token_id, vendor_id=await vendor_id(request))


# -- domains ------------------------------------------------------------------------------


@get(
    f"{API}/domains",
    opt=requires("domains.view", "vendor"),
    tags=["domains"],
    summary="The vendor's custom domains",
)
async def list_domains(
    request: Request[Any, Any, Any], domains: NamedDependency[DomainService]
) -> list[DomainOut]:
    """Domains, primary first, with their verification tokens."""
    return [_domain(d) for d in await domains.list(await vendor_id(request))]


@post(
    f"{API}/domains",
    opt=requires("domains.manage", "vendor"),
    tags=["domains"],
    summary="Add a custom domain",
    raises=[ConflictException],
)
async def add_domain(
    request: Request[Any, Any, Any],
    domains: NamedDependency[DomainService],
    data: JSONBody[DomainIn],
) -> DomainOut:
    """Add an unverified domain; 409 when any vendor already has it."""
    return _domain(await domains.add(await vendor_id(request), data.domain))


@post(
    f"{API}/domains/{{domain_id:int}}/primary",
    opt=requires("domains.manage", "vendor"),
    tags=["domains"],
    summary="Make a domain the primary one",
    status_code=200,
    raises=[ConflictException],
    operation_id="makeDomainPrimary",
)
async def make_primary(
    request: Request[Any, Any, Any],
    domain_id: PathId,
    domains: NamedDependency[DomainService],
) -> DomainOut:
    """The vendor's other domains stop being primary."""
    return _domain(await domains.make_primary(await vendor_id(request), domain_id))


@delete(
    f"{API}/domains/{{domain_id:int}}",
    opt=requires("domains.manage", "vendor"),
    tags=["domains"],
    summary="Remove a custom domain",
)
async def remove_domain(
    request: Request[Any, Any, Any],
    domain_id: PathId,
    domains: NamedDependency[DomainService],
) -> None:
    """Delete the vendor's domain."""
    await domains.remove(await vendor_id(request), domain_id)


HANDLERS = [
    list_tokens,
    create_token,
    revoke_token,
    list_domains,
    add_domain,
    make_primary,
    remove_domain,
]
