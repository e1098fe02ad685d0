"""Signing in and out, resetting a password, accepting an invitation (all public pages)."""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from mercato.adapters.tenancy.auth import session_for
from mercato.adapters.tenancy.web_passwords import client_address
from mercato.adapters.web.guards import PUBLIC
from mercato.adapters.web.sessions import rotate_session
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.access import AccessService
from mercato.domain.tenancy.identity import IdentityService
from mercato.domain.tenancy.model import User
from mercato.domain.tenancy.teams import TeamService
from mercato.ports.errors import AuthenticationFailed, DomainError, RateLimited

__all__ = ["HANDLERS"]

_FORM_LIMIT = 200


def _safe_next(target: str | None) -> str:
    """Only local paths: ``/x`` yes, ``//evil.example`` and ``https://...`` no."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    data = await request.form()
    return {k: str(v)[: _FORM_LIMIT * 10] for k, v in data.items() if isinstance(v, str)}


def _page(template: str, status: int = 200, **context: Any) -> Template:
    return Template(f"tenancy/auth/{template}", context=context, status_code=status)


def _sign_in(request: Request[Any, Any, Any], user: User) -> None:
    rotate_session(request)  # a new session id: no fixation
    request.set_session(session_for(user))


@get("/", opt=PUBLIC, include_in_schema=False)
async def home(
    request: Request[Any, Any, Any],
    access: NamedDependency[AccessService],
    teams: NamedDependency[TeamService],
) -> Redirect:
    """Send a person where they work: the admin, their vendor, or the sign-in page."""
    tenancy = request_tenancy(request)
    identity = await tenancy.identity()
    if identity is None:
        return Redirect("/auth/login", status_code=303)
    platform = await tenancy.platform()
    if await access.is_admin_of(identity.user_id, platform.id):
        return Redirect("/admin/", status_code=303)
    for slug in await teams.vendor_slugs_of(identity.user_id, platform.id):
        return Redirect(f"/vendor/{slug}/", status_code=303)
    return Redirect("/auth/login?nowhere=1", status_code=303)


@get("/auth/login", opt=PUBLIC, include_in_schema=False)
async def login_form(request: Request[Any, Any, Any], next: FromQuery[str] = "/") -> Template:
    """The sign-in form."""
    nowhere = request.query_params.get("nowhere") == "1"
    return _page(
        "login.html",
        next=_safe_next(next),
        email="",
        page_title="Sign in",
        error="Your account has no access on this platform." if nowhere else None,
        notice=request.query_params.get("notice"),
    )


@post("/auth/login", opt=PUBLIC, include_in_schema=False, status_code=303)
async def login(
    request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
) -> Redirect | Template:
    """Check the credentials (throttled) and start a session."""
    form = await _form(request)
    target = _safe_next(form.get("next"))
    email = form.get("email", "")
    try:
        user = await identity.authenticate(email, form.get("password", ""), client_address(request))
    except RateLimited as exc:
        page = _page("login.html", 429, next=target, email=email, error=exc.message)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except AuthenticationFailed as exc:
        return _page("login.html", 401, next=target, email=email, error=exc.message)
    _sign_in(request, user)
    return Redirect(target, status_code=303)


@post("/auth/logout", opt=PUBLIC, include_in_schema=False, status_code=303)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    """End the session."""
    request.clear_session()
    return Redirect("/auth/login?notice=signed-out", status_code=303)


@get("/auth/invitations/{token:str}", opt=PUBLIC, include_in_schema=False)
async def invitation_form(
    token: FromPath[str],
    teams: NamedDependency[TeamService],
    identity: NamedDependency[IdentityService],
) -> Template:
    """Show the invitation: sign in (known address) or create an account to accept it."""
    try:
        invitation = await teams.invitation(token)
    except DomainError as exc:
        return _page("invitation.html", 404, error=exc.message, invitation=None, token=token)
    known = await identity.by_email(invitation.email) is not None
    vendor_name, role_name = await teams.invited_to(invitation)
    return _page(
        "invitation.html",
        invitation=invitation,
        token=token,
        known=known,
        error=None,
        page_title=f"Join {vendor_name}",
        vendor_name=vendor_name,
        role_name=role_name,
    )


@post("/auth/invitations/{token:str}", opt=PUBLIC, include_in_schema=False, status_code=303)
async def accept_invitation(
    request: Request[Any, Any, Any],
    token: FromPath[str],
    teams: NamedDependency[TeamService],
    identity: NamedDependency[IdentityService],
) -> Redirect | Template:
    """Accept: sign in with the invited address's password, or create that account."""
    form = await _form(request)
    try:
        invitation = await teams.invitation(token)
        address = client_address(request)
        user = await identity.by_email(invitation.email)
        if user is None:
            user = await identity.create_user(
                invitation.email, form.get("password", ""), form.get("name", "")
            )
        else:
            user = await identity.authenticate(invitation.email, form.get("password", ""), address)
        await teams.accept(token, user.id)
    except DomainError as exc:
        return await _invitation_refused(token, teams, identity, exc)
    _sign_in(request, user)
    slug = await teams.vendor_slug(invitation.vendor_id)
    return Redirect(f"/vendor/{slug}/", status_code=303)


async def _invitation_refused(
    token: str, teams: TeamService, identity: IdentityService, error: DomainError
) -> Template:
    """The invitation page again with the error, and its form while the link still works."""
    try:
        invitation = await teams.invitation(token)
    except DomainError:
        return _page("invitation.html", 404, error=error.message, invitation=None, token=token)
    known = await identity.by_email(invitation.email) is not None
    status = 429 if isinstance(error, RateLimited) else 400
    vendor_name, role_name = await teams.invited_to(invitation)
    return _page(
        "invitation.html",
        status,
        error=error.message,
        invitation=invitation,
        token=token,
        known=known,
        page_title=f"Join {vendor_name}",
        vendor_name=vendor_name,
        role_name=role_name,
    )


HANDLERS = [
    home,
    login_form,
    login,
    logout,
    invitation_form,
    accept_invitation,
]
