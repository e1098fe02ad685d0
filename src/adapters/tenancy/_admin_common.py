"""What the admin pages and the admin JSON API share: the operator, input parsing, listings.

The rules about which platform an operator may act on live in
:mod:`domain.tenancy.administration`; this module only tells it who is acting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from litestar import Request
from litestar.exceptions import NotAuthorizedException
from litestar.params import QueryParameter
from litestar.response import Template

from mercato.adapters.web.pages import render_page
from mercato.adapters.web.params import MAX_ID
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.administration import AdministrationService, Operator, Reach
from mercato.domain.tenancy.credentials import Grants
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.model import Platform, User, Vendor
from mercato.domain.tenancy.services import PlatformService
from mercato.ports.errors import Conflict, DomainError, InvalidInput
from mercato.ports.pagination import MAX_PAGE_SIZE, Page, PageRequest

__all__ = [
    "API",
    "GRANT_FIELDS",
    "SUPER",
    "GrantRow",
    "PageNo",
    "PageSize",
    "Search",
    "Sort",
    "admin_grants",
    "caller_id",
    "lines",
    "operator",
    "page_in_memory",
    "parse_int",
    "platform_id_of",
    "render",
    "scope_platform_id",
    "status_of",
    "vendor_by_slug",
]

T = TypeVar("T")
SUPER = "*"  # the scope of a super-admin grant (no platform code starts with "*")
API = "/api/v1/admin"

PageNo = Annotated[int, QueryParameter(ge=1, le=10**6, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Search = Annotated[str, QueryParameter(max_length=100, description="case-insensitive filter")]
Sort = Annotated[
    str, QueryParameter(max_length=40, description="field to sort by, '-' first for descending")
]


# -- who is acting -------------------------------------------------------------------------


async def caller_id(request: Request[Any, Any, Any]) -> int:
    """The signed-in user's id (the guard already demanded one)."""
    identity = await request_tenancy(request).identity()
    if identity is None:
        raise NotAuthorizedException("sign in to continue")
    return identity.user_id


async def operator(request: Request[Any, Any, Any]) -> Operator:
    """The signed-in user, acting from the request's platform (whose guard they passed),
    bounded by the platform their API token is scoped to, if any."""
    tenancy = request_tenancy(request)
    identity = await tenancy.identity()
    if identity is None:
        raise NotAuthorizedException("sign in to continue")
    platform = await tenancy.platform()
    grants = identity.grants
    held = grants.admin_roles(identity.user_id) if isinstance(grants, Grants) else None
    return Operator(identity.user_id, platform.id, identity.token_platform_id, held)


# -- input ---------------------------------------------------------------------------------


def parse_int(raw: str, field: str) -> int:
    """A form field's row id, a whole number; ``InvalidInput`` on ``field`` otherwise."""
    if not raw.strip().isdigit() or int(raw) > MAX_ID:
        raise InvalidInput(f"choose a valid {field.removesuffix('_id')}", field)
    return int(raw)


def lines(raw: str) -> list[str]:
    """The non-empty entries of a textarea, one per line or separated by commas."""
    return [part for line in raw.splitlines() for part in line.split(",") if part.strip()]


async def platform_id_of(platforms: PlatformService, code: str, field: str = "platform") -> int:
    """The id of the platform ``code``; ``InvalidInput`` on ``field`` when there is none."""
    found = await platforms.get(code.strip())
    if found is None:
        raise InvalidInput(f"no platform '{code}'", field)
    return found.id


async def scope_platform_id(
    platforms: PlatformService, scope: str, field: str = "scope"
) -> int | None:
    """The platform id of a grant's scope: ``None`` for ``*`` (every platform)."""
    return None if scope == SUPER else await platform_id_of(platforms, scope, field)


async def vendor_by_slug(
    request: Request[Any, Any, Any], administration: AdministrationService, slug: str
) -> Vendor:
    """The vendor with this slug on a platform the caller reaches; ``NotFound`` otherwise."""
    return await administration.vendor(await operator(request), slug)


# -- listings ------------------------------------------------------------------------------


def page_in_memory(
    rows: Sequence[T], request: PageRequest, fields: Mapping[str, Callable[[T], str]]
) -> Page[T]:
    """One page of a small list held in memory: searched in every field, sorted by one."""
    name, descending = request.ordering(fields, next(iter(fields)))
    needle = request.search.strip().lower()
    found = [r for r in rows if not needle or any(needle in f(r).lower() for f in fields.values())]
    found.sort(key=lambda r: fields[name](r).lower(), reverse=descending)
    start = request.offset
    return Page(found[start : start + request.size], len(found), request.page, request.size)


@dataclass(frozen=True, slots=True)
class GrantRow:
    """An administrator grant with its user; ``platform`` is ``None`` for a super admin."""

    user: User
    platform: Platform | None

    @property
    def scope(self) -> str:
        """The platform's code, or ``*`` for every platform."""
        return self.platform.code if self.platform else SUPER


GRANT_FIELDS: Mapping[str, Callable[[GrantRow], str]] = {
    "email": lambda g: g.user.email,
    "display_name": lambda g: g.user.display_name,
    "scope": lambda g: g.scope,
}


async def admin_grants(
    identity: IdentityService, platforms: PlatformService, reach: Reach
) -> list[GrantRow]:
    """The administrator grants inside ``reach``, with their users and platforms."""
    by_id = {p.id: p for p in await platforms.all()}
    return [
        GrantRow(user, None if grant.platform_id is None else by_id[grant.platform_id])
        for user, grant in await identity.admins()
        if (grant.platform_id is None or grant.platform_id in by_id)
        and reach.covers(grant.platform_id)
    ]


# -- pages ---------------------------------------------------------------------------------


def status_of(error: DomainError) -> int:
    """The status of a form shown again after a refusal."""
    return 409 if isinstance(error, Conflict) else 400


async def render(
    request: Request[Any, Any, Any], template: str, context: Mapping[str, Any], status: int = 200
) -> Template:
    """An admin page of ``tenancy/admin/<template>``."""
    return await render_page(
        request,
        f"tenancy/admin/{template}",
        FrontendType.ADMIN,
        context,
        status_code=status,
    )
