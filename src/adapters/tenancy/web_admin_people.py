"""The admin pages of users and administrators: lists, creation, activation, grants.

Who may (de)activate a user and give or take which grant is :class:`AdministrationService`'s
to say. A POST answers 303 with a notice, or the form again with its errors and the values
typed (never a password).
"""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.tenancy._admin_common import (
    GRANT_FIELDS,
    admin_grants,
    caller_id,
    operator,
    page_in_memory,
    parse_int,
    platform_id_of,
    render,
    scope_platform_id,
    status_of,
)
from mercato.adapters.tenancy.inputs import GrantIn, UserActiveIn, UserIn
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.administration import AdministrationService, Operator
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.services import PlatformService
from mercato.ports.errors import Conflict, InvalidInput, PermissionDenied

__all__ = ["HANDLERS"]


# -- users ---------------------------------------------------------------------------------


@get("/admin/users", opt=requires("users.view"), include_in_schema=False)
async def users_page(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    administration: NamedDependency[AdministrationService],
) -> Template:
    """Users of the operator's platforms: searched by e-mail or name, sorted by e-mail, name
    or creation. Only users the operator may (de)activate get the button."""
    query = ListQuery.from_request(request)
    acting = await operator(request)
    reach = await administration.reach(acting)
    result = await identity.list(query.page_request(), reach.platforms)
    if reach.everything:  # a super admin may change anyone but themselves
        changeable = {u.id for u in result.items if u.id != acting.user_id}
    else:
        changeable = {u.id for u in result.items if await _may_change(administration, acting, u.id)}
    context = {"page_title": "Users", "query": query, "result": result, "changeable": changeable}
    return await render(request, "users.html", context)


async def _may_change(
    administration: AdministrationService, acting: Operator, user_id: int
) -> bool:
    try:
        await administration.ensure_may_change_user(acting, user_id)
    except PermissionDenied:
        return False
    return True


@get("/admin/users/new", opt=requires("users.manage"), include_in_schema=False)
async def new_user_page(request: Request[Any, Any, Any]) -> Template:
    """The form creating a user with a password."""
    return await render(request, "user_new.html", {"page_title": "New user"})


@post("/admin/users", opt=requires("users.manage"), include_in_schema=False)
async def create_user(
    request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
) -> Redirect | Template:
    """Create an active user."""
    values = await read_form(request)
    try:
        data = decode_form(values, UserIn)
        created = await identity.create_user(data.email, data.password, data.display_name)
    except (InvalidInput, Conflict) as exc:
        kept = {k: v for k, v in values.items() if k != "password"}
        context = {"page_title": "New user", "form": FormState.refused(kept, exc)}
        return await render(request, "user_new.html", context, status_of(exc))
    return redirect_with_notice("/admin/users", f"Created {created.email}.")


@post("/admin/users/{user_id:int}/active", opt=requires("users.manage"), include_in_schema=False)
async def set_user_active(
    request: Request[Any, Any, Any],
    user_id: PathId,
    identity: NamedDependency[IdentityService],
    administration: NamedDependency[AdministrationService],
) -> Redirect | Template:
    """Activate or deactivate (once confirmed) a user: a deactivated user cannot sign in."""
    values = await read_form(request)
    data = decode_form(values, UserActiveIn)
    shown = await identity.by_id_or_none(user_id)
    if not data.active and shown is not None:
        await administration.ensure_may_change_user(await operator(request), user_id)
        asked = await confirm_first(
            request,
            values,
            FrontendType.ADMIN,
            question=f"Deactivate {shown.email}? They can no longer sign in.",
            button="Deactivate",
            back="/admin/users",
        )
        if asked is not None:
            return asked
    user = await administration.set_user_active(await operator(request), user_id, data.active)
    state = "active" if user.is_active else "deactivated"
    return redirect_with_notice("/admin/users", f"{user.email} is {state}.")


# -- administrators ------------------------------------------------------------------------


async def _admins(
    request: Request[Any, Any, Any],
    identity: IdentityService,
    platforms: PlatformService,
    administration: AdministrationService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    query = ListQuery.from_request(request)
    acting = await operator(request)
    reach = await administration.reach(acting)
    grants = await admin_grants(identity, platforms, reach)
    context = {
        "page_title": "Administrators",
        "query": query,
        "result": page_in_memory(grants, query.page_request(), GRANT_FIELDS),
        "platforms": await administration.platforms(acting),
        "may_grant_super": reach.everything,
        "form": form or FormState({"platform": (await request_tenancy(request).platform()).code}),
        "me": await caller_id(request),
    }
    return await render(request, "admins.html", context, status)


@get("/admin/admins", opt=requires("users.view"), include_in_schema=False)
async def admins_page(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> Template:
    """Administrator grants of the operator's platforms, and the form granting one."""
    return await _admins(request, identity, platforms, administration)


@post("/admin/admins", opt=requires("users.manage"), include_in_schema=False)
async def grant_admin(
    request: Request[Any, Any, Any],
    identity: NamedDependency[IdentityService],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> Redirect | Template:
    """Make the user with this e-mail administrator of a platform, or of all of them."""
    values = await read_form(request)
    try:
        data = decode_form(values, GrantIn)
        code = data.scope()
        platform_id = None if code is None else await platform_id_of(platforms, code)
        user = await administration.grant_admin(await operator(request), data.email, platform_id)
    except (InvalidInput, Conflict) as exc:
        form = FormState.refused(values, exc)
        return await _admins(request, identity, platforms, administration, form, status_of(exc))
    return redirect_with_notice("/admin/admins", f"{user.email} is now an administrator.")


@post("/admin/admins/revoke", opt=requires("users.manage"), include_in_schema=False)
async def revoke_admin(
    request: Request[Any, Any, Any],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> Redirect:
    """Remove one administrator grant (not one's own)."""
    values = await read_form(request)
    user_id = parse_int(values.get("user_id", ""), "user_id")
    platform_id = await scope_platform_id(platforms, values.get("scope", ""))
    await administration.revoke_admin(await operator(request), user_id, platform_id)
    return redirect_with_notice("/admin/admins", "Grant revoked.")


HANDLERS = [
    users_page,
    new_user_page,
    create_user,
    set_user_active,
    admins_page,
    grant_admin,
    revoke_admin,
]
