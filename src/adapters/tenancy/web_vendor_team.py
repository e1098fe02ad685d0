"""The vendor frontend's team page: members with their roles, and invitations.

Every route sits under ``/vendor/{vendor}`` and is guarded in that vendor; the id of another
vendor's member or invitation answers 404. A POST answers 303 with a notice, or the page
again with its errors. An invitation's link is never shown: it goes by e-mail to the
invited address only (whoever could see it could accept as the invitee).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.mail import Mailbox
from mercato.adapters.tenancy._vendor_common import (
    PAGES,
    actor,
    invitation_status,
    page_of,
    render,
    role_labels,
    status_of,
    user_id_or_none,
    vendor_id,
    vendor_url,
)
from mercato.adapters.tenancy.inputs import InviteIn, RoleChangeIn
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.links import absolute_url
from mercato.adapters.web.params import PathId
from mercato.domain.kernel.enums import FrontendType, RolePreset
from mercato.domain.tenancy.teams import TeamService
from mercato.ports.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from mercato.ports.pagination import PageRequest

__all__ = ["HANDLERS"]

INVITATIONS_PATH = "/auth/invitations"


@dataclass(frozen=True)
class _SecondPager:
    """The pager of a second list on a page (``?<name>=N``), next to the first list's query."""

    query: ListQuery
    name: str
    page: int

    def url(self, page: int) -> str:
        return f"{self.query.url()}&{urlencode({self.name: page})}"


def _second_page(request: Request[Any, Any, Any], name: str) -> int:
    raw = request.query_params.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 10**6 else 1


async def _team(
    request: Request[Any, Any, Any],
    teams: TeamService,
    form: FormState | None = None,
    error: DomainError | None = None,
) -> Template:
    vendor = await vendor_id(request)
    query = ListQuery.from_request(request)
    members = list(await teams.members(vendor))
    if query.q:
        needle = query.q.lower()
        members = [(m, u) for m, u in members if needle in f"{u.email} {u.display_name}".lower()]
    invitations = await teams.invitations(vendor)
    pager = _SecondPager(query, "invitations_page", _second_page(request, "invitations_page"))
    now = datetime.now(UTC)
    context = {
        "page_title": "Team",
        "query": query,
        "members": page_of(members, query.page_request()),
        "invitations": page_of(invitations, PageRequest(pager.page, query.size)),
        "invitations_pager": pager,
        "status_of": lambda i: invitation_status(i, now),
        "roles": role_labels(await teams.roles(vendor)),
        "form": form or FormState({"role": RolePreset.STAFF.value}),
        "error": error.message if error and not form else None,
        "me": await user_id_or_none(request),
    }
    return await render(request, "team.html", context, status_of(error) if error else 200)


@get(f"{PAGES}/team", opt=requires("team.view", "vendor"), include_in_schema=False)
async def team_page(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> Template:
    """The team: members with their roles, invitations, and the invitation form."""
    return await _team(request, teams)


@post(f"{PAGES}/team/invitations", opt=requires("team.manage", "vendor"), include_in_schema=False)
async def invite(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    mailbox: NamedDependency[Mailbox | None],
) -> Template:
    """Invite an address with a role; the link goes by e-mail to that address only."""
    values = await read_form(request)
    try:
        data = decode_form(values, InviteIn)
        invitation = await teams.invite(
            await vendor_id(request),
            data.email,
            data.role,
            await user_id_or_none(request),
            await absolute_url(request, INVITATIONS_PATH),
            await actor(request),
        )
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        return await _team(request, teams, FormState.refused(values, exc), exc)
    page = await render(
        request,
        "invited.html",
        {
            "page_title": "Invitation sent",
            "invitation": invitation,
            "mailbox": mailbox,
            "role_label": role_labels(await teams.roles(invitation.vendor_id)).get(
                invitation.role, invitation.role
            ),
        },
    )
    return page


@post(
    f"{PAGES}/team/invitations/{{invitation_id:int}}/revoke",
    opt=requires("team.manage", "vendor"),
    include_in_schema=False,
)
async def revoke_invitation(
    request: Request[Any, Any, Any],
    invitation_id: PathId,
    teams: NamedDependency[TeamService],
) -> Redirect:
    """Cancel an invitation of this vendor (404 for any other)."""
    await teams.revoke_invitation(await vendor_id(request), invitation_id)
    return redirect_with_notice(await vendor_url(request, "team"), "Invitation revoked.")


@post(
    f"{PAGES}/team/members/{{user_id:int}}/role",
    opt=requires("team.manage", "vendor"),
    include_in_schema=False,
)
async def change_role(
    request: Request[Any, Any, Any], user_id: PathId, teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Give a member another role; the last owner keeps theirs (409)."""
    values = await read_form(request)
    try:
        data = decode_form(values, RoleChangeIn)
        await teams.change_role(await vendor_id(request), user_id, data.role, await actor(request))
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        return await _team(request, teams, error=exc)
    return redirect_with_notice(await vendor_url(request, "team"), "Role changed.")


@post(
    f"{PAGES}/team/members/{{user_id:int}}/remove",
    opt=requires("team.manage", "vendor"),
    include_in_schema=False,
)
async def remove_member(
    request: Request[Any, Any, Any], user_id: PathId, teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Take a member off the team, once confirmed; the last owner stays (409)."""
    vendor = await vendor_id(request)
    who = next((u.email for _, u in await teams.members(vendor) if u.id == user_id), None)
    if who is not None:
        asked = await confirm_first(
            request,
            await read_form(request),
            FrontendType.VENDOR,
            question=f"Remove {who} from the team?",
            button="Remove",
            back=await vendor_url(request, "team"),
        )
        if asked is not None:
            return asked
    try:
        await teams.remove(vendor, user_id, await actor(request))
    except (Conflict, PermissionDenied) as exc:
        return await _team(request, teams, error=exc)
    return redirect_with_notice(await vendor_url(request, "team"), "Member removed.")


HANDLERS = [team_page, invite, revoke_invitation, change_role, remove_member]
