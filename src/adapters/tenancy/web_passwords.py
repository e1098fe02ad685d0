"""Forgotten and changed passwords (public pages, and one page of the signed-in user).

The reset link is built from the platform's configured address (:mod:`adapters.web.links`),
never from the request's ``Host``, and mailed by a task. Setting a new password ends every
other session of the user (their session stamp changes); the page that changed it gets a
new session id with the new stamp. Both forms offer to revoke the user's API tokens.
"""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from mercato.adapters.mail import Mailbox
from mercato.adapters.tenancy.auth import session_for
from mercato.adapters.web.forms import read_form, redirect_with_notice, take_notice
from mercato.adapters.web.guards import PUBLIC
from mercato.adapters.web.links import absolute_url
from mercato.adapters.web.sessions import rotate_session
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.passwords import PasswordChanged, PasswordService
from mercato.ports.errors import DomainError, RateLimited

__all__ = ["HANDLERS", "client_address"]

RESET_PATH = "/auth/password/reset"
CHANGE_PATH = "/auth/password/change"


def client_address(request: Request[Any, Any, Any]) -> str:
    """The client's address, for throttling."""
    return request.client.host if request.client else "unknown"


def _page(template: str, status: int = 200, **context: Any) -> Template:
    return Template(f"tenancy/auth/{template}", context=context, status_code=status)


@get("/auth/password/forgot", opt=PUBLIC, include_in_schema=False)
async def forgot_form(mailbox: NamedDependency[Mailbox | None]) -> Template:
    """Ask for the address to send a reset link to."""
    return _page("forgot.html", page_title="Forgot password", sent=False, mailbox=mailbox)


@post("/auth/password/forgot", opt=PUBLIC, include_in_schema=False, status_code=200)
async def forgot(
    request: Request[Any, Any, Any],
    passwords: NamedDependency[PasswordService],
    mailbox: NamedDependency[Mailbox | None],
) -> Template:
    """Queue a reset e-mail if the address is known; say the same either way (throttled)."""
    form = await read_form(request)
    reset_url = await absolute_url(request, RESET_PATH)
    try:
        await passwords.request_reset(form.get("email", ""), reset_url, client_address(request))
    except RateLimited as exc:
        page = _page("forgot.html", 429, page_title="Forgot password", sent=False, error=exc)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    return _page("forgot.html", page_title="Forgot password", sent=True, mailbox=mailbox)


@get(RESET_PATH, opt=PUBLIC, include_in_schema=False)
async def reset_form(token: FromQuery[str] = "") -> Template:
    """Choose a new password."""
    return _page("reset.html", page_title="New password", token=token, error=None)


@post(RESET_PATH, opt=PUBLIC, include_in_schema=False, status_code=303)
async def reset(
    request: Request[Any, Any, Any], passwords: NamedDependency[PasswordService]
) -> Redirect | Template:
    """Use the reset token once; every session of the user ends."""
    form = await read_form(request)
    token = form.get("token", "")
    try:
        await passwords.reset(token, form.get("password", ""), form.get("revoke_tokens") == "on")
    except DomainError as exc:
        return _page("reset.html", 400, token=token, error=exc.message, field=exc.field)
    request.clear_session()  # this browser too: it signs in with the new password
    return Redirect("/auth/login?notice=password-changed", status_code=303)


async def _signed_in(request: Request[Any, Any, Any]) -> int | None:
    identity = await request_tenancy(request).identity()
    return identity.user_id if identity is not None and identity.via == "session" else None


@get(CHANGE_PATH, opt=PUBLIC, include_in_schema=False)
async def change_form(request: Request[Any, Any, Any]) -> Template | Redirect:
    """The signed-in user changes their password (and sees that they did)."""
    if await _signed_in(request) is None:
        return Redirect(f"/auth/login?next={CHANGE_PATH}", status_code=303)
    notice = take_notice(request)
    return _page("change.html", page_title="Change password", error=None, notice=notice)


def _changed(changed: PasswordChanged) -> str:
    revoked = changed.tokens_revoked
    tokens = f", and {revoked} API token{'s' if revoked != 1 else ''} revoked" if revoked else ""
    return (
        "Your password was changed. You stay signed in here; every other session of your "
        f"account has ended{tokens}."
    )


@post(CHANGE_PATH, opt=PUBLIC, include_in_schema=False, status_code=303)
async def change(
    request: Request[Any, Any, Any], passwords: NamedDependency[PasswordService]
) -> Template | Redirect:
    """Check the current password, set the new one; other sessions end, this one rotates
    (and the next page, rendered for the new session, says so)."""
    user_id = await _signed_in(request)
    if user_id is None:
        return Redirect(f"/auth/login?next={CHANGE_PATH}", status_code=303)
    form = await read_form(request)
    try:
        changed = await passwords.change(
            user_id,
            form.get("current_password", ""),
            form.get("password", ""),
            form.get("revoke_tokens") == "on",
        )
    except DomainError as exc:
        return _page("change.html", 400, error=exc.message, field=exc.field, notice=None)
    rotate_session(request)
    request.set_session(session_for(changed.user))
    return redirect_with_notice(CHANGE_PATH, _changed(changed))


HANDLERS = [forgot_form, forgot, reset_form, reset, change_form, change]
