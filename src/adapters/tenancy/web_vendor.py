"""The vendor frontend's team pages: members and invitations, custom roles, API tokens, domains.

Every route sits under ``/vendor/{vendor}`` and is guarded in that vendor. The vendor id
always comes from the request's resolved tenancy, never from a form field or the query, so
the id of another vendor's object reaches the use case with this vendor's id: a 404.

A POST answers 303 with a notice, or the form again with its errors and typed values. The
two exceptions show a secret once: the invitation link and a new API token's secret are
rendered by the POST itself (``Cache-Control: no-store``) and never stored anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from adapters.web.guards import requires
from adapters.web.pages import render_page
from adapters.web.tenancy import request_tenancy
from domain.kernel.definition import PermissionDefinition
from domain.kernel.enums import FrontendType, RolePreset
from domain.kernel.registry import ModuleRegistry
from domain.tenancy.model import Invitation, Role
from domain.tenancy.teams import Actor, TeamService, custom_role
from domain.tenancy.tokens import TokenService
from domain.tenancy.vendors import DomainService
from ports.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from ports.pagination import Page, PageRequest

__all__ = [
    "HANDLERS",
    "PermissionGroup",
    "invitation_status",
    "page_of",
    "permission_groups",
    "role_labels",
]

T = TypeVar("T")
_NO_STORE = {"Cache-Control": "no-store"}
_BASE = "/vendor/{vendor:str}"


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


@dataclass(frozen=True, slots=True)
class PermissionGroup:
    """The vendor permissions one enabled module declares."""

    module: str
    name: str
    permissions: tuple[PermissionDefinition, ...]


async def permission_groups(request: Request[Any, Any, Any]) -> list[PermissionGroup]:
    """The catalogue a custom role picks from, by module, of the modules enabled here.

    Only vendor permissions are offered: those a module gives to one of its role presets
    (platform-only permissions such as ``platforms.manage`` mean nothing inside a vendor).
    """
    registry: ModuleRegistry = request.app.state["registry"]
    groups = []
    for d in registry.ordered(await request_tenancy(request).enabled()):
        vendor_codes = {code for codes in d.role_presets.values() for code in codes}
        chosen = tuple(p for p in d.permissions if p.code in vendor_codes)
        if chosen:
            groups.append(PermissionGroup(d.code, d.name, chosen))
    return groups


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
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 10**6 else 1


async def _actor(request: Request[Any, Any, Any]) -> Actor:
    """The caller as the team rules see them: their permissions in this vendor."""
    tenancy = request_tenancy(request)
    return Actor((await tenancy.principal("vendor")).permissions, await tenancy.enabled())


async def _vendor_id(request: Request[Any, Any, Any]) -> int:
    return (await request_tenancy(request).vendor()).id


async def _user_id(request: Request[Any, Any, Any]) -> int | None:
    return (await request_tenancy(request).principal("vendor")).user_id


def _status_of(error: DomainError) -> int:
    return 409 if isinstance(error, Conflict) else 400


async def _url(request: Request[Any, Any, Any], tail: str) -> str:
    return f"/vendor/{(await request_tenancy(request).vendor()).slug}/{tail}"


async def _render(
    request: Request[Any, Any, Any],
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
) -> Template:
    page = await render_page(
        request,
        f"tenancy/vendor/{template}",
        FrontendType.VENDOR,
        {"notice": request.query_params.get("notice"), **context},
        status_code=status,
    )
    return page


# -- team ---------------------------------------------------------------------------------


async def _team(
    request: Request[Any, Any, Any],
    teams: TeamService,
    form: FormState | None = None,
    error: DomainError | None = None,
) -> Template:
    vendor_id = await _vendor_id(request)
    query = ListQuery.from_request(request)
    members = list(await teams.members(vendor_id))
    if query.q:
        needle = query.q.lower()
        members = [(m, u) for m, u in members if needle in f"{u.email} {u.display_name}".lower()]
    invitations = await teams.invitations(vendor_id)
    pager = _SecondPager(query, "invitations_page", _second_page(request, "invitations_page"))
    now = datetime.now(UTC)
    context = {
        "page_title": "Team",
        "query": query,
        "members": page_of(members, query.page_request()),
        "invitations": page_of(invitations, PageRequest(pager.page, query.size)),
        "invitations_pager": pager,
        "status_of": lambda i: invitation_status(i, now),
        "roles": role_labels(await teams.roles(vendor_id)),
        "form": form or FormState({"role": RolePreset.STAFF.value}),
        "error": error.message if error and not form else None,
        "me": await _user_id(request),
    }
    return await _render(request, "team.html", context, _status_of(error) if error else 200)


@get(f"{_BASE}/team", opt=requires("team.view", "vendor"), include_in_schema=False)
async def team_page(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> Template:
    """The team: members with their roles, invitations, and the invitation form."""
    return await _team(request, teams)


@post(f"{_BASE}/team/invitations", opt=requires("team.manage", "vendor"), include_in_schema=False)
async def invite(request: Request[Any, Any, Any], teams: NamedDependency[TeamService]) -> Template:
    """Invite an address with a role; the page shows the link once (the e-mail is queued)."""
    values = await read_form(request)
    accept_url = str(request.base_url).rstrip("/") + "/auth/invitations"
    try:
        invitation, token = await teams.invite(
            await _vendor_id(request),
            values.get("email", ""),
            values.get("role", ""),
            await _user_id(request),
            accept_url,
            await _actor(request),
        )
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        return await _team(request, teams, FormState.refused(values, exc), exc)
    page = await _render(
        request,
        "invited.html",
        {
            "page_title": "Invitation sent",
            "invitation": invitation,
            "link": f"{accept_url}/{token}",
            "role_label": role_labels(await teams.roles(invitation.vendor_id)).get(
                invitation.role, invitation.role
            ),
        },
    )
    page.headers.update(_NO_STORE)
    return page


@post(
    f"{_BASE}/team/invitations/{{invitation_id:int}}/revoke",
    opt=requires("team.manage", "vendor"),
    include_in_schema=False,
)
async def revoke_invitation(
    request: Request[Any, Any, Any],
    invitation_id: FromPath[int],
    teams: NamedDependency[TeamService],
) -> Redirect:
    """Cancel an invitation of this vendor (404 for any other)."""
    await teams.revoke_invitation(await _vendor_id(request), invitation_id)
    return redirect_with_notice(await _url(request, "team"), "Invitation revoked.")


@post(
    f"{_BASE}/team/members/{{user_id:int}}/role",
    opt=requires("team.manage", "vendor"),
    include_in_schema=False,
)
async def change_role(
    request: Request[Any, Any, Any], user_id: FromPath[int], teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Give a member another role; the last owner keeps theirs (409)."""
    values = await read_form(request)
    try:
        await teams.change_role(
            await _vendor_id(request), user_id, values.get("role", ""), await _actor(request)
        )
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        return await _team(request, teams, error=exc)
    return redirect_with_notice(await _url(request, "team"), "Role changed.")


@post(
    f"{_BASE}/team/members/{{user_id:int}}/remove",
    opt=requires("team.manage", "vendor"),
    include_in_schema=False,
)
async def remove_member(
    request: Request[Any, Any, Any], user_id: FromPath[int], teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Take a member off the team; the last owner stays (409)."""
    try:
        await teams.remove(await _vendor_id(request), user_id, await _actor(request))
    except (Conflict, PermissionDenied) as exc:
        return await _team(request, teams, error=exc)
    return redirect_with_notice(await _url(request, "team"), "Member removed.")


# -- roles --------------------------------------------------------------------------------


async def _roles(
    request: Request[Any, Any, Any], teams: TeamService, error: DomainError | None = None
) -> Template:
    vendor_id = await _vendor_id(request)
    held: dict[str, int] = {}
    for m, _ in await teams.members(vendor_id):
        held[m.role] = held.get(m.role, 0) + 1
    context = {
        "page_title": "Roles",
        "roles": await teams.roles(vendor_id),
        "held": held,
        "custom_role": custom_role,
        "error": error.message if error else None,
    }
    return await _render(request, "roles.html", context, _status_of(error) if error else 200)


async def _role_form(
    request: Request[Any, Any, Any],
    role: Role | None,
    form: FormState,
    chosen: Sequence[str],
    status: int = 200,
) -> Template:
    context = {
        "page_title": f"Role {role.name}" if role else "New role",
        "role": role,
        "form": form,
        "chosen": set(chosen),
        "groups": await permission_groups(request),
    }
    return await _render(request, "role_form.html", context, status)


async def _role(teams: TeamService, vendor_id: int, role_id: int) -> Role:
    found = next((r for r in await teams.roles(vendor_id) if r.id == role_id), None)
    if found is None:
        raise NotFound(f"no role {role_id}")
    return found


def _chosen(values: Mapping[str, str]) -> list[str]:
    return [c for c in values.get("permissions", "").split("\n") if c]


@get(f"{_BASE}/roles", opt=requires("roles.manage", "vendor"), include_in_schema=False)
async def roles_page(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> Template:
    """The vendor's custom roles."""
    return await _roles(request, teams)


@get(f"{_BASE}/roles/new", opt=requires("roles.manage", "vendor"), include_in_schema=False)
async def new_role_page(request: Request[Any, Any, Any]) -> Template:
    """A form for a new custom role: a name and permissions from the catalogue."""
    return await _role_form(request, None, FormState(), ())


@post(f"{_BASE}/roles", opt=requires("roles.manage", "vendor"), include_in_schema=False)
async def create_role(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Create a custom role."""
    values = await read_form(request)
    chosen = _chosen(values)
    try:
        role = await teams.create_role(await _vendor_id(request), values.get("name", ""), chosen)
    except (InvalidInput, Conflict) as exc:
        form = FormState.refused(values, exc)
        return await _role_form(request, None, form, chosen, _status_of(exc))
    return redirect_with_notice(await _url(request, "roles"), f"Role {role.name} created.")


@get(
    f"{_BASE}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    include_in_schema=False,
)
async def edit_role_page(
    request: Request[Any, Any, Any], role_id: FromPath[int], teams: NamedDependency[TeamService]
) -> Template:
    """Edit a custom role of this vendor."""
    role = await _role(teams, await _vendor_id(request), role_id)
    return await _role_form(request, role, FormState({"name": role.name}), sorted(role.permissions))


@post(
    f"{_BASE}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    include_in_schema=False,
)
async def update_role(
    request: Request[Any, Any, Any], role_id: FromPath[int], teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Rename a custom role and replace its permissions."""
    values = await read_form(request)
    chosen = _chosen(values)
    vendor_id = await _vendor_id(request)
    try:
        role = await teams.update_role(vendor_id, role_id, values.get("name", ""), chosen)
    except (InvalidInput, Conflict) as exc:
        current = await _role(teams, vendor_id, role_id)
        form = FormState.refused(values, exc)
        return await _role_form(request, current, form, chosen, _status_of(exc))
    return redirect_with_notice(await _url(request, "roles"), f"Role {role.name} saved.")


@post(
    f"{_BASE}/roles/{{role_id:int}}/delete",
    opt=requires("roles.manage", "vendor"),
    include_in_schema=False,
)
async def delete_role(
    request: Request[Any, Any, Any], role_id: FromPath[int], teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Delete a custom role nobody holds (409 while held)."""
    try:
        await teams.delete_role(await _vendor_id(request), role_id)
    except Conflict as exc:
        return await _roles(request, teams, exc)
    return redirect_with_notice(await _url(request, "roles"), "Role deleted.")


# -- API tokens ---------------------------------------------------------------------------


async def _tokens(
    request: Request[Any, Any, Any],
    tokens: TokenService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    query = ListQuery.from_request(request)
    found = await tokens.of_vendor(await _vendor_id(request))
    context = {
        "page_title": "API tokens",
        "query": query,
        "tokens": page_of(found, query.page_request()),
        "form": form or FormState(),
    }
    return await _render(request, "tokens.html", context, status)


@get(f"{_BASE}/tokens", opt=requires("tokens.manage", "vendor"), include_in_schema=False)
async def tokens_page(
    request: Request[Any, Any, Any], tokens: NamedDependency[TokenService]
) -> Template:
    """The vendor's API tokens (prefixes only) and the form for a new one."""
    return await _tokens(request, tokens)


@post(f"{_BASE}/tokens", opt=requires("tokens.manage", "vendor"), include_in_schema=False)
async def create_token(
    request: Request[Any, Any, Any], tokens: NamedDependency[TokenService]
) -> Template:
    """Issue a token of the caller scoped to this vendor; its secret is shown here, once."""
    values = await read_form(request)
    user_id = await _user_id(request)
    if user_id is None:
        raise PermissionDenied("only a signed-in user can own a token")
    try:
        token, secret = await tokens.issue(
            user_id, values.get("name", ""), vendor_id=await _vendor_id(request)
        )
    except InvalidInput as exc:
        return await _tokens(request, tokens, FormState.refused(values, exc), 400)
    page = await _render(
        request,
        "token_created.html",
        {"page_title": "Token created", "token": token, "secret": secret},
        status=201,
    )
    page.headers.update(_NO_STORE)
    return page


@post(
    f"{_BASE}/tokens/{{token_id:int}}/revoke",
    opt=requires("tokens.manage", "vendor"),
    include_in_schema=False,
)
async def revoke_token(
    request: Request[Any, Any, Any], token_id: FromPath[int], tokens: NamedDependency[TokenService]
) -> Redirect:
    """Revoke one of this vendor's tokens (404 for any other)."""
    await tokens.revoke(token_id, vendor_id=await _vendor_id(request))
    return redirect_with_notice(await _url(request, "tokens"), "Token revoked.")


# -- domains ------------------------------------------------------------------------------


async def _domains(
    request: Request[Any, Any, Any],
    domains: DomainService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    context = {
        "page_title": "Domains",
        "domains": await domains.list(await _vendor_id(request)),
        "form": form or FormState(),
    }
    return await _render(request, "domains.html", context, status)


@get(f"{_BASE}/domains", opt=requires("domains.view", "vendor"), include_in_schema=False)
async def domains_page(
    request: Request[Any, Any, Any], domains: NamedDependency[DomainService]
) -> Template:
    """The vendor's domains with their verification tokens."""
    return await _domains(request, domains)


@post(f"{_BASE}/domains", opt=requires("domains.manage", "vendor"), include_in_schema=False)
async def add_domain(
    request: Request[Any, Any, Any], domains: NamedDependency[DomainService]
) -> Redirect | Template:
    """Add a domain (unverified until an operator checks its token)."""
    values = await read_form(request)
    try:
        added = await domains.add(await _vendor_id(request), values.get("domain", ""))
    except (InvalidInput, Conflict) as exc:
        form = FormState.refused({"domain": values.get("domain", "")}, exc)
        if exc.field is None:
            form = FormState(form.values, {"domain": exc.message})
        return await _domains(request, domains, form, _status_of(exc))
    return redirect_with_notice(await _url(request, "domains"), f"Domain {added.domain} added.")


@post(
    f"{_BASE}/domains/{{domain_id:int}}/primary",
    opt=requires("domains.manage", "vendor"),
    include_in_schema=False,
)
async def make_primary(
    request: Request[Any, Any, Any],
    domain_id: FromPath[int],
    domains: NamedDependency[DomainService],
) -> Redirect:
    """Make a domain of this vendor its primary one."""
    found = await domains.make_primary(await _vendor_id(request), domain_id)
    return redirect_with_notice(await _url(request, "domains"), f"{found.domain} is now primary.")


@post(
    f"{_BASE}/domains/{{domain_id:int}}/remove",
    opt=requires("domains.manage", "vendor"),
    include_in_schema=False,
)
async def remove_domain(
    request: Request[Any, Any, Any],
    domain_id: FromPath[int],
    domains: NamedDependency[DomainService],
) -> Redirect:
    """Delete a domain of this vendor."""
    await domains.remove(await _vendor_id(request), domain_id)
    return redirect_with_notice(await _url(request, "domains"), "Domain removed.")


HANDLERS = [
    team_page,
    invite,
    revoke_invitation,
    change_role,
    remove_member,
    roles_page,
    new_role_page,
    create_role,
    edit_role_page,
    update_role,
    delete_role,
    tokens_page,
    create_token,
    revoke_token,
    domains_page,
    add_domain,
    make_primary,
    remove_domain,
]
