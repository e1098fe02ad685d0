"""The admin JSON API of users and administrator grants (``/api/v1/admin``).

Who may (de)activate a user and give or take which grant is :class:`AdministrationService`'s
to say. No answer ever carries a password hash.
"""

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from mercato.adapters.tenancy._admin_common import (
    API,
    GRANT_FIELDS,
    SUPER,
    GrantRow,
    PageNo,
    PageSize,
    Search,
    Sort,
    admin_grants,
    operator,
    page_in_memory,
    scope_platform_id,
)
from mercato.adapters.tenancy.inputs import GrantIn, UserActiveIn, UserIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.model import User
from mercato.domain.tenancy.services import PlatformService
from mercato.ports.errors import InvalidInput
from mercato.ports.pagination import PageRequest

__all__ = ["HANDLERS"]


class UserOut(msgspec.Struct):
    id: int
    email: str
    display_name: str
    is_active: bool
    created_at: datetime | None


class UserPageOut(msgspec.Struct):
    items: list[UserOut]
    total: int
    page: int
    size: int
    pages: int


class GrantOut(msgspec.Struct):
    user_id: int
    email: str
    display_name: str
    platform: str | None
    super_admin: bool


class GrantPageOut(msgspec.Struct):
    items: list[GrantOut]
    total: int
    page: int
    size: int
    pages: int


def _user(u: User) -> UserOut:
    return UserOut(u.id, u.email, u.display_name, u.is_active, u.created_at)


def _grant(g: GrantRow) -> GrantOut:
    code = g.platform.code if g.platform else None
    return GrantOut(g.user.id, g.user.email, g.user.display_name, code, g.platform is None)


# -- users ---------------------------------------------------------------------------------


@get(f"{API}/users", opt=requires("users.view"), tags=["users"])
async def list_users(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    administration: NamedDependency[AdministrationService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
) -> UserPageOut:
    """Users matching ``q`` (e-mail, name); sort by ``email``, ``display_name``, ``created_at``.

    A platform admin sees the users of their platforms and the users of no platform."""
    reach = await administration.reach(await operator(request))
    r = await identity.list(PageRequest(page, size, q, sort), reach.platforms)
    return UserPageOut([_user(u) for u in r.items], r.total, r.page, r.size, r.pages)


@post(f"{API}/users", opt=requires("users.manage"), tags=["users"], raises=[ConflictException])
async def create_user(
    data: JSONBody[UserIn], identity: NamedDependency[IdentityService]
) -> UserOut:
    """Create an active user with a password; 409 when the e-mail is taken."""
    return _user(await identity.create_user(data.email, data.password, data.display_name))


@patch(
    f"{API}/users/{{user_id:int}}",
    opt=requires("users.manage"),
    tags=["users"],
    raises=[ConflictException],
)
async def set_user_active(
    request: Request[Any, Any, Any],
    user_id: PathId,
    data: JSONBody[UserActiveIn],
    administration: NamedDependency[AdministrationService],
) -> UserOut:
    """Activate or deactivate a user (not oneself; an administrator only by a super admin);
    409 when it would deactivate the last active owner of a vendor."""
    return _user(
        await administration.set_user_active(await operator(request), user_id, data.active)
    )


# -- administrators ------------------------------------------------------------------------


@get(f"{API}/admins", opt=requires("users.view"), tags=["administrators"])
async def list_admins(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
    sort: Sort = "",
) -> GrantPageOut:
    """Administrator grants of the platforms the caller reaches; sort by ``email`` (default),
    ``display_name`` or ``scope``."""
    reach = await administration.reach(await operator(request))
    rows = await admin_grants(identity, platforms, reach)
    r = page_in_memory(rows, PageRequest(page, size, q, sort), GRANT_FIELDS)
    return GrantPageOut([_grant(g) for g in r.items], r.total, r.page, r.size, r.pages)


def _scope(platform: str | None, super_admin: bool) -> str:
    if super_admin == (platform is not None):
        raise InvalidInput("name exactly one of 'platform' and 'super_admin'", "platform")
    return SUPER if super_admin else str(platform)


@post(
    f"{API}/admins",
    opt=requires("users.manage"),
    tags=["administrators"],
    raises=[ConflictException],
)
async def grant_admin(
    request: Request[Any, Any, Any],
    data: JSONBody[GrantIn],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> GrantOut:
    """Make a user administrator of ``platform``, or of all platforms (``super_admin``)."""
    code = data.scope()
    platform_id = await scope_platform_id(platforms, code or SUPER, "platform")
    user = await administration.grant_admin(await operator(request), data.email, platform_id)
    platform = None if code is None else await platforms.get(code)
    return _grant(GrantRow(user, platform))


@delete(f"{API}/admins/{{user_id:int}}", opt=requires("users.manage"), tags=["administrators"])
async def revoke_admin(
    request: Request[Any, Any, Any],
    user_id: PathId,
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
    platform: Annotated[
        str | None, QueryParameter(description="revoke this platform's grant")
    ] = None,
    super_admin: Annotated[
        bool, QueryParameter(description="revoke the super-admin grant")
    ] = False,
) -> None:
    """Remove one grant (``?platform=CODE`` or ``?super_admin=true``); never one's own."""
    scope = _scope(platform, super_admin)
    platform_id = await scope_platform_id(platforms, scope, "platform")
    await administration.revoke_admin(await operator(request), user_id, platform_id)


HANDLERS = [
    list_users,
    create_user,
    set_user_active,
    list_admins,
    grant_admin,
    revoke_admin,
]
