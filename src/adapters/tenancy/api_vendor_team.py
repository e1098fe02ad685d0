"""The JSON API of a vendor's team: members and invitations (``/api/v1/vendors/{vendor}``).

Every route is guarded in the vendor of its path; the vendor id comes from the request's
resolved tenancy and is passed to the use case, whose repositories filter by it: the id of
another vendor's member or invitation answers 404.
"""

from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from mercato.adapters.tenancy._vendor_common import (
    API,
    NO_STORE,
    PageNo,
    PageSize,
    actor,
    invitation_status,
    page_of,
    role_labels,
    signed_in_user_id,
    vendor_id,
)
from mercato.adapters.tenancy.inputs import InviteIn, RoleChangeIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.links import absolute_url
from mercato.adapters.web.params import PathId
from mercato.domain.tenancy.model import Invitation, Membership, User
from mercato.domain.tenancy.teams import TeamService
from mercato.ports.errors import NotFound
from mercato.ports.pagination import PageRequest

__all__ = ["HANDLERS"]


class MemberOut(msgspec.Struct):
    user_id: int
    email: str
    display_name: str
    role: str
    role_name: str
    joined_at: datetime | None


class MemberPageOut(msgspec.Struct):
    items: list[MemberOut]
    total: int
    page: int
    size: int
    pages: int


class InvitationOut(msgspec.Struct):
    id: int
    email: str
    role: str
    role_name: str
    status: str
    expires_at: datetime
    accepted_at: datetime | None
    created_at: datetime | None


class InvitationPageOut(msgspec.Struct):
    items: list[InvitationOut]
    total: int
    page: int
    size: int
    pages: int


class InvitationCreatedOut(msgspec.Struct):
    invitation: InvitationOut


def _member(m: Membership, u: User, labels: dict[str, str]) -> MemberOut:
    return MemberOut(
        u.id, u.email, u.display_name, m.role, labels.get(m.role, m.role), m.created_at
    )


def _invitation(i: Invitation, labels: dict[str, str], now: datetime) -> InvitationOut:
    return InvitationOut(
        i.id,
        i.email,
        i.role,
        labels.get(i.role, i.role),
        invitation_status(i, now),
        i.expires_at,
        i.accepted_at,
        i.created_at,
    )


async def _labels(teams: TeamService, vendor: int) -> dict[str, str]:
    return role_labels(await teams.roles(vendor))


@get(
    f"{API}/members",
    opt=requires("team.view", "vendor"),
    tags=["team"],
    summary="The vendor's team",
)
async def list_members(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    page: PageNo = 1,
    size: PageSize = 25,
) -> MemberPageOut:
    """A page of the vendor's members with their roles, ordered by e-mail."""
    vendor = await vendor_id(request)
    labels = await _labels(teams, vendor)
    found = page_of(await teams.members(vendor), PageRequest(page, size))
    return MemberPageOut(
        [_member(m, u, labels) for m, u in found.items], found.total, page, size, found.pages
    )


async def _invite(
    request: Request[Any, Any, Any], teams: TeamService, data: InviteIn
) -> InvitationCreatedOut:
    vendor = await vendor_id(request)
    invitation = await teams.invite(
        vendor,
        data.email,
        data.role,
        await signed_in_user_id(request),
        await absolute_url(request, "/auth/invitations"),
        await actor(request),
    )
    out = _invitation(invitation, await _labels(teams, vendor), datetime.now(UTC))
    return InvitationCreatedOut(out)


@post(
    f"{API}/members",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Add a member (by invitation)",
    response_headers=NO_STORE,
    raises=[ConflictException],
)
async def add_member(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    data: JSONBody[InviteIn],
) -> InvitationCreatedOut:
    """Invite ``email`` with ``role``: the person joins when they accept.

    People join a team only by accepting, so this is the invitation of ``POST
    .../invitations``. The accept link is e-mailed to that address only, never returned.
    """
    return await _invite(request, teams, data)


@patch(
    f"{API}/members/{{user_id:int}}",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Change a member's role",
    raises=[ConflictException],
)
async def change_member_role(
    request: Request[Any, Any, Any],
    user_id: PathId,
    teams: NamedDependency[TeamService],
    data: JSONBody[RoleChangeIn],
) -> MemberOut:
    """Give the member another role; 409 for the last owner, 404 for a non-member."""
    vendor = await vendor_id(request)
    await teams.change_role(vendor, user_id, data.role, await actor(request))
    labels = await _labels(teams, vendor)
    for m, u in await teams.members(vendor):
        if u.id == user_id:
            return _member(m, u, labels)
    raise NotFound("that person is not on this team")


@delete(
    f"{API}/members/{{user_id:int}}",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Remove a member",
    raises=[ConflictException],
)
async def remove_member(
    request: Request[Any, Any, Any], user_id: PathId, teams: NamedDependency[TeamService]
) -> None:
    """Take the member off the team; 409 for the last owner."""
    await teams.remove(await vendor_id(request), user_id, await actor(request))


@get(
    f"{API}/invitations",
    opt=requires("team.view", "vendor"),
    tags=["team"],
    summary="The vendor's invitations",
)
async def list_invitations(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    page: PageNo = 1,
    size: PageSize = 25,
) -> InvitationPageOut:
    """A page of the vendor's invitations, newest first (tokens are never shown again)."""
    vendor = await vendor_id(request)
    labels = await _labels(teams, vendor)
    found = page_of(await teams.invitations(vendor), PageRequest(page, size))
    now = datetime.now(UTC)
    return InvitationPageOut(
        [_invitation(i, labels, now) for i in found.items], found.total, page, size, found.pages
    )


@post(
    f"{API}/invitations",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Invite someone to the team",
    response_headers=NO_STORE,
    raises=[ConflictException],
)
async def create_invitation(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    data: JSONBody[InviteIn],
) -> InvitationCreatedOut:
    """Invite ``email`` with ``role``; the accept link is e-mailed to that address only."""
    return await _invite(request, teams, data)


@delete(
    f"{API}/invitations/{{invitation_id:int}}",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Revoke an invitation",
)
async def revoke_invitation(
    request: Request[Any, Any, Any],
    invitation_id: PathId,
    teams: NamedDependency[TeamService],
) -> None:
    """Cancel an invitation of this vendor."""
    await teams.revoke_invitation(await vendor_id(request), invitation_id)


HANDLERS = [
    list_members,
    add_member,
    change_member_role,
    remove_member,
    list_invitations,
    create_invitation,
    revoke_invitation,
]
