"""What the vendor pages and the vendor JSON API share: the vendor and caller, labels, paging.

The vendor id always comes from the request's resolved tenancy, never from a form field or
the query, so the id of another vendor's object reaches the use case with this vendor's id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from litestar import Request
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter
from litestar.response import Template

from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enums import FrontendType, RolePreset
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.domain.tenancy.model import Invitation, Role
from mercato.domain.tenancy.teams import Actor, custom_role
from mercato.ports.errors import Conflict, DomainError, PermissionDenied
from mercato.ports.pagination import MAX_PAGE_SIZE, Page, PageRequest

__all__ = [
    "API",
    "NO_STORE",
    "PAGES",
    "PageNo",
    "PageSize",
    "actor",
    "invitation_status",
    "page_of",
    "render",
    "role_labels",
    "signed_in_user_id",
    "status_of",
    "user_id_or_none",
    "vendor_id",
    "vendor_url",
]

T = TypeVar("T")
PAGES = "/vendor/{vendor:str}"  # the prefix of every vendor page
API = "/api/v1/vendors/{vendor:str}"  # the prefix of the vendor JSON API
NO_STORE = [ResponseHeader(name="Cache-Control", value="no-store")]
PageNo = Annotated[int, QueryParameter(ge=1, le=10**6, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]


def page_of(items: Sequence[T], request: PageRequest) -> Page[T]:
    """One page of a list the repository returned whole."""
    return Page(
        items[request.offset : request.offset + request.size],
        len(items),
        request.page,
        request.size,
    )


def role_labels(roles: Sequence[Role]) -> dict[str, str]:
    """Label of every role value a member may hold: the presets, then the custom roles."""
    labels = {p.value: p.value.title() for p in RolePreset}
    labels.update({custom_role(r.id): r.name for r in roles})
    return labels


def invitation_status(invitation: Invitation, now: datetime) -> str:
    """``accepted``, ``expired`` or ``open``."""
    if invitation.accepted_at is not None:
        return "accepted"
    return "open" if invitation.is_open(now) else "expired"


async def actor(request: Request[Any, Any, Any]) -> Actor:
    """The caller as the team rules see them: their permissions in this vendor over every
    installed module (a role they give applies on every platform of the vendor), or none
    when they may do nothing here."""
    tenancy = request_tenancy(request)
    registry: ModuleRegistry = request.app.state["registry"]
    every = frozenset(d.code for d in registry)
    identity = await tenancy.identity()
    if identity is None or not (await tenancy.principal("vendor")).permissions:
        return Actor(frozenset(), every)
    vendor, platform = await tenancy.vendor(), await tenancy.platform()
    held = await tenancy.resolver.access.vendor_permissions(identity, vendor.id, platform.id, every)
    return Actor(held, every)


async def vendor_id(request: Request[Any, Any, Any]) -> int:
    """The id of the request's vendor (the one of the path, joined to this platform)."""
    return (await request_tenancy(request).vendor()).id


async def user_id_or_none(request: Request[Any, Any, Any]) -> int | None:
    """The caller's user id, if a user is calling."""
    return (await request_tenancy(request).principal("vendor")).user_id


async def signed_in_user_id(request: Request[Any, Any, Any]) -> int:
    """The caller's user id; ``PermissionDenied`` when no user is calling."""
    user_id = await user_id_or_none(request)
    if user_id is None:
        raise PermissionDenied("only a signed-in user can do this")
    return user_id


# -- pages ---------------------------------------------------------------------------------


def status_of(error: DomainError) -> int:
    """The status of a form shown again after a refusal."""
    if isinstance(error, PermissionDenied):
        return 403
    return 409 if isinstance(error, Conflict) else 400


async def vendor_url(request: Request[Any, Any, Any], tail: str) -> str:
    """The address of the vendor's page ``tail``."""
    return f"/vendor/{(await request_tenancy(request).vendor()).slug}/{tail}"


async def render(
    request: Request[Any, Any, Any],
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
) -> Template:
    """A vendor page of ``tenancy/vendor/<template>``."""
    return await render_page(
        request,
        f"tenancy/vendor/{template}",
        FrontendType.VENDOR,
        context,
        status_code=status,
    )
