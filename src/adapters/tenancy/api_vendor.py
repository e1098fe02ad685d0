"""The JSON API of a vendor's team, roles, API tokens and domains (``/api/v1/vendors/{vendor}``).

Every route is guarded in the vendor of its path; the vendor id comes from the request's
resolved tenancy and is passed to the use case, whose repositories filter by it: the id of
another vendor's member, invitation, role, token or domain answers 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.tenancy.web_vendor import invitation_status, page_of, role_labels
from adapters.web.guards import requires
from adapters.web.tenancy import request_tenancy
from domain.tenancy.model import ApiToken, Invitation, Membership, Role, User, VendorDomain
from domain.tenancy.teams import Actor, TeamService, custom_role
from domain.tenancy.tokens import TokenService
from domain.tenancy.vendors import DomainService
from ports.errors import NotFound, PermissionDenied
from ports.pagination import MAX_PAGE_SIZE, PageRequest

__all__ = ["HANDLERS"]

_BASE = "/api/v1/vendors/{vendor:str}"
_NO_STORE = [ResponseHeader(name="Cache-Control", value="no-store")]
PageNo = Annotated[int, QueryParameter(ge=1, le=10**6, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Email = Annotated[str, msgspec.Meta(max_length=320)]
RoleValue = Annotated[
    str,
    msgspec.Meta(max_length=60, description="owner, manager, staff, viewer or custom:<role id>"),
]
Name = Annotated[str, msgspec.Meta(max_length=100)]
Codes = Annotated[list[Annotated[str, msgspec.Meta(max_length=100)]], msgspec.Meta(max_length=500)]


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
    accept_url: str


class InviteIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    role: RoleValue = "staff"


class RoleChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    role: RoleValue


class RoleOut(msgspec.Struct):
    id: int
    name: str
    value: str
    permissions: list[str]


class RoleIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    permissions: Codes = msgspec.field(default_factory=list)


class RolePatchIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | None = None
    permissions: Codes | None = None


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


class TokenIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name


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


class DomainIn(msgspec.Struct, forbid_unknown_fields=True):
    domain: Annotated[str, msgspec.Meta(max_length=260)]


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


def _role(r: Role) -> RoleOut:
    return RoleOut(r.id, r.name, custom_role(r.id), sorted(r.permissions))


def _token(t: ApiToken) -> TokenOut:
    return TokenOut(
        t.id, t.name, t.prefix, t.user_id, t.created_at, t.last_used_at, t.revoked_at, t.is_revoked
    )


def _domain(d: VendorDomain) -> DomainOut:
    return DomainOut(d.id, d.domain, d.verification_token, d.verified, d.is_primary, d.created_at)


async def _actor(request: Request[Any, Any, Any]) -> Actor:
    """The caller as the team rules see them: their permissions in this vendor."""
    tenancy = request_tenancy(request)
    return Actor((await tenancy.principal("vendor")).permissions, await tenancy.enabled())


async def _vendor_id(request: Request[Any, Any, Any]) -> int:
    return (await request_tenancy(request).vendor()).id


async def _user_id(request: Request[Any, Any, Any]) -> int:
    user_id = (await request_tenancy(request).principal("vendor")).user_id
    if user_id is None:
        raise PermissionDenied("only a signed-in user can do this")
    return user_id


async def _labels(teams: TeamService, vendor_id: int) -> dict[str, str]:
    return role_labels(await teams.roles(vendor_id))


# -- members and invitations --------------------------------------------------------------


@get(
    f"{_BASE}/members",
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
    vendor_id = await _vendor_id(request)
    labels = await _labels(teams, vendor_id)
    found = page_of(await teams.members(vendor_id), PageRequest(page, size))
    return MemberPageOut(
        [_member(m, u, labels) for m, u in found.items], found.total, page, size, found.pages
    )


async def _invite(
    request: Request[Any, Any, Any], teams: TeamService, data: InviteIn
) -> InvitationCreatedOut:
    vendor_id = await _vendor_id(request)
    accept_url = str(request.base_url).rstrip("/") + "/auth/invitations"
    invitation, token = await teams.invite(
        vendor_id,
        data.email,
        data.role,
        await _user_id(request),
        accept_url,
        await _actor(request),
    )
    out = _invitation(invitation, await _labels(teams, vendor_id), datetime.now(UTC))
    return InvitationCreatedOut(out, f"{accept_url}/{token}")


@post(
    f"{_BASE}/members",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Add a member (by invitation)",
    response_headers=_NO_STORE,
)
async def add_member(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    data: JSONBody[InviteIn],
) -> InvitationCreatedOut:
    """Invite ``email`` with ``role``: the person joins when they accept.

    People join a team only by accepting, so this is the invitation of ``POST
    .../invitations``. The accept link is returned here once (it is also e-mailed).
    """
    return await _invite(request, teams, data)


@patch(
    f"{_BASE}/members/{{user_id:int}}",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Change a member's role",
)
async def change_member_role(
    request: Request[Any, Any, Any],
    user_id: FromPath[int],
    teams: NamedDependency[TeamService],
    data: JSONBody[RoleChangeIn],
) -> MemberOut:
    """Give the member another role; 409 for the last owner, 404 for a non-member."""
    vendor_id = await _vendor_id(request)
    await teams.change_role(vendor_id, user_id, data.role, await _actor(request))
    labels = await _labels(teams, vendor_id)
    for m, u in await teams.members(vendor_id):
        if u.id == user_id:
            return _member(m, u, labels)
    raise NotFound(f"user {user_id} is not on this team")


@delete(
    f"{_BASE}/members/{{user_id:int}}",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Remove a member",
)
async def remove_member(
    request: Request[Any, Any, Any], user_id: FromPath[int], teams: NamedDependency[TeamService]
) -> None:
    """Take the member off the team; 409 for the last owner."""
    await teams.remove(await _vendor_id(request), user_id, await _actor(request))


@get(
    f"{_BASE}/invitations",
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
    vendor_id = await _vendor_id(request)
    labels = await _labels(teams, vendor_id)
    found = page_of(await teams.invitations(vendor_id), PageRequest(page, size))
    now = datetime.now(UTC)
    return InvitationPageOut(
        [_invitation(i, labels, now) for i in found.items], found.total, page, size, found.pages
    )


@post(
    f"{_BASE}/invitations",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Invite someone to the team",
    response_headers=_NO_STORE,
)
async def create_invitation(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    data: JSONBody[InviteIn],
) -> InvitationCreatedOut:
    """Invite ``email`` with ``role``; the accept link is returned once (and e-mailed)."""
    return await _invite(request, teams, data)


@delete(
    f"{_BASE}/invitations/{{invitation_id:int}}",
    opt=requires("team.manage", "vendor"),
    tags=["team"],
    summary="Revoke an invitation",
)
async def revoke_invitation(
    request: Request[Any, Any, Any],
    invitation_id: FromPath[int],
    teams: NamedDependency[TeamService],
) -> None:
    """Cancel an invitation of this vendor."""
    await teams.revoke_invitation(await _vendor_id(request), invitation_id)


# -- roles --------------------------------------------------------------------------------


async def _find_role(teams: TeamService, vendor_id: int, role_id: int) -> Role:
    found = next((r for r in await teams.roles(vendor_id) if r.id == role_id), None)
    if found is None:
        raise NotFound(f"no role {role_id}")
    return found


@get(
    f"{_BASE}/roles",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="The vendor's custom roles",
)
async def list_roles(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> list[RoleOut]:
    """Custom roles by name; a member holds one as ``custom:<id>``."""
    return [_role(r) for r in await teams.roles(await _vendor_id(request))]


@post(
    f"{_BASE}/roles",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="Create a custom role",
)
async def create_role(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    data: JSONBody[RoleIn],
) -> RoleOut:
    """A role from permission codes of the catalogue; 409 for a name already used."""
    return _role(await teams.create_role(await _vendor_id(request), data.name, data.permissions))


@get(
    f"{_BASE}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="One custom role",
)
async def get_role(
    request: Request[Any, Any, Any], role_id: FromPath[int], teams: NamedDependency[TeamService]
) -> RoleOut:
    """The vendor's role ``role_id``."""
    return _role(await _find_role(teams, await _vendor_id(request), role_id))


@patch(
    f"{_BASE}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="Rename a custom role or replace its permissions",
)
async def update_role(
    request: Request[Any, Any, Any],
    role_id: FromPath[int],
    teams: NamedDependency[TeamService],
    data: JSONBody[RolePatchIn],
) -> RoleOut:
    """Change what is given; what is left out stays."""
    vendor_id = await _vendor_id(request)
    current = await _find_role(teams, vendor_id, role_id)
    name = current.name if data.name is None else data.name
    codes: Sequence[str] = (
        sorted(current.permissions) if data.permissions is None else data.permissions
    )
    return _role(await teams.update_role(vendor_id, role_id, name, codes))


@delete(
    f"{_BASE}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="Delete a custom role",
)
async def delete_role(
    request: Request[Any, Any, Any], role_id: FromPath[int], teams: NamedDependency[TeamService]
) -> None:
    """Delete a role nobody holds; 409 while a member holds it."""
    await teams.delete_role(await _vendor_id(request), role_id)


# -- API tokens ---------------------------------------------------------------------------


@get(
    f"{_BASE}/tokens",
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
    found = page_of(await tokens.of_vendor(await _vendor_id(request)), PageRequest(page, size))
    return TokenPageOut([_token(t) for t in found.items], found.total, page, size, found.pages)


@post(
    f"{_BASE}/tokens",
    opt=requires("tokens.manage", "vendor"),
    tags=["tokens"],
    summary="Create an API token (the secret is returned once)",
    response_headers=_NO_STORE,
)
async def create_token(
    request: Request[Any, Any, Any],
    tokens: NamedDependency[TokenService],
    data: JSONBody[TokenIn],
) -> TokenCreatedOut:
    """A token of the caller scoped to this vendor; ``secret`` is never shown again."""
    token, secret = await tokens.issue(
        await _user_id(request), data.name, vendor_id=await _vendor_id(request)
    )
    return TokenCreatedOut(_token(token), secret)


@delete(
    f"{_BASE}/tokens/{{token_id:int}}",
    opt=requires("tokens.manage", "vendor"),
    tags=["tokens"],
    summary="Revoke an API token",
)
async def revoke_token(
    request: Request[Any, Any, Any], token_id: FromPath[int], tokens: NamedDependency[TokenService]
) -> None:
    """Revoke a token of this vendor; it answers 401 from then on."""
    await tokens.revoke(token_id, vendor_id=await _vendor_id(request))


# -- domains ------------------------------------------------------------------------------


@get(
    f"{_BASE}/domains",
    opt=requires("domains.view", "vendor"),
    tags=["domains"],
    summary="The vendor's custom domains",
)
async def list_domains(
    request: Request[Any, Any, Any], domains: NamedDependency[DomainService]
) -> list[DomainOut]:
    """Domains, primary first, with their verification tokens."""
    return [_domain(d) for d in await domains.list(await _vendor_id(request))]


@post(
    f"{_BASE}/domains",
    opt=requires("domains.manage", "vendor"),
    tags=["domains"],
    summary="Add a custom domain",
)
async def add_domain(
    request: Request[Any, Any, Any],
    domains: NamedDependency[DomainService],
    data: JSONBody[DomainIn],
) -> DomainOut:
    """Add an unverified domain; 409 when any vendor already has it."""
    return _domain(await domains.add(await _vendor_id(request), data.domain))


@post(
    f"{_BASE}/domains/{{domain_id:int}}/primary",
    opt=requires("domains.manage", "vendor"),
    tags=["domains"],
    summary="Make a domain the primary one",
    status_code=200,
)
async def make_primary(
    request: Request[Any, Any, Any],
    domain_id: FromPath[int],
    domains: NamedDependency[DomainService],
) -> DomainOut:
    """The vendor's other domains stop being primary."""
    return _domain(await domains.make_primary(await _vendor_id(request), domain_id))


@delete(
    f"{_BASE}/domains/{{domain_id:int}}",
    opt=requires("domains.manage", "vendor"),
    tags=["domains"],
    summary="Remove a custom domain",
)
async def remove_domain(
    request: Request[Any, Any, Any],
    domain_id: FromPath[int],
    domains: NamedDependency[DomainService],
) -> None:
    """Delete the vendor's domain."""
    await domains.remove(await _vendor_id(request), domain_id)


HANDLERS = [
    list_members,
    add_member,
    change_member_role,
    remove_member,
    list_invitations,
    create_invitation,
    revoke_invitation,
    list_roles,
    create_role,
    get_role,
    update_role,
    delete_role,
    list_tokens,
    create_token,
    revoke_token,
    list_domains,
    add_domain,
    make_primary,
    remove_domain,
]
