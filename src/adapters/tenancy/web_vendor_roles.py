"""The vendor frontend's custom roles: a name and permissions from the enabled modules.

Every route sits under ``/vendor/{vendor}`` and is guarded in that vendor; the id of another
vendor's role answers 404. A POST answers 303 with a notice, or the form again with its
errors and the permissions ticked.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.tenancy._vendor_common import (
    PAGES,
    actor,
    render,
    status_of,
    vendor_id,
    vendor_url,
)
from mercato.adapters.tenancy.inputs import RoleIn
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.definition import PermissionDefinition
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.domain.tenancy.model import Role
from mercato.domain.tenancy.teams import TeamService, custom_role
from mercato.ports.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied

__all__ = ["HANDLERS", "PermissionGroup", "permission_groups"]


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


async def _roles(
    request: Request[Any, Any, Any], teams: TeamService, error: DomainError | None = None
) -> Template:
    vendor = await vendor_id(request)
    held: dict[str, int] = {}
    for m, _ in await teams.members(vendor):
        held[m.role] = held.get(m.role, 0) + 1
    context = {
        "page_title": "Roles",
        "roles": await teams.roles(vendor),
        "held": held,
        "custom_role": custom_role,
        "error": error.message if error else None,
    }
    return await render(request, "roles.html", context, status_of(error) if error else 200)


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
    return await render(request, "role_form.html", context, status)


async def _role(teams: TeamService, vendor: int, role_id: int) -> Role:
    found = next((r for r in await teams.roles(vendor) if r.id == role_id), None)
    if found is None:
        raise NotFound("no such role")
    return found


def _chosen(values: Mapping[str, str]) -> list[str]:
    return [c for c in values.get("permissions", "").split("\n") if c]


@get(f"{PAGES}/roles", opt=requires("roles.manage", "vendor"), include_in_schema=False)
async def roles_page(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> Template:
    """The vendor's custom roles."""
    return await _roles(request, teams)


@get(f"{PAGES}/roles/new", opt=requires("roles.manage", "vendor"), include_in_schema=False)
async def new_role_page(request: Request[Any, Any, Any]) -> Template:
    """A form for a new custom role: a name and permissions from the catalogue."""
    return await _role_form(request, None, FormState(), ())


@post(f"{PAGES}/roles", opt=requires("roles.manage", "vendor"), include_in_schema=False)
async def create_role(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Create a custom role."""
    values = await read_form(request)
    chosen = _chosen(values)
    try:
        data = decode_form(values, RoleIn)
        role = await teams.create_role(
            await vendor_id(request), data.name, data.permissions, await actor(request)
        )
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        form = FormState.refused(values, exc)
        return await _role_form(request, None, form, chosen, status_of(exc))
    return redirect_with_notice(await vendor_url(request, "roles"), f"Role {role.name} created.")


@get(
    f"{PAGES}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    include_in_schema=False,
)
async def edit_role_page(
    request: Request[Any, Any, Any], role_id: PathId, teams: NamedDependency[TeamService]
) -> Template:
    """Edit a custom role of this vendor."""
    role = await _role(teams, await vendor_id(request), role_id)
    return await _role_form(request, role, FormState({"name": role.name}), sorted(role.permissions))


@post(
    f"{PAGES}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    include_in_schema=False,
)
async def update_role(
    request: Request[Any, Any, Any], role_id: PathId, teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Rename a custom role and replace its permissions."""
    values = await read_form(request)
    chosen = _chosen(values)
    vendor = await vendor_id(request)
    try:
        data = decode_form(values, RoleIn)
        role = await teams.update_role(
            vendor, role_id, data.name, data.permissions, await actor(request)
        )
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        current = await _role(teams, vendor, role_id)
        form = FormState.refused(values, exc)
        return await _role_form(request, current, form, chosen, status_of(exc))
    return redirect_with_notice(await vendor_url(request, "roles"), f"Role {role.name} saved.")


@post(
    f"{PAGES}/roles/{{role_id:int}}/delete",
    opt=requires("roles.manage", "vendor"),
    include_in_schema=False,
)
async def delete_role(
    request: Request[Any, Any, Any], role_id: PathId, teams: NamedDependency[TeamService]
) -> Redirect | Template:
    """Delete a custom role nobody holds (409 while held)."""
    try:
        await teams.delete_role(await vendor_id(request), role_id)
    except Conflict as exc:
        return await _roles(request, teams, exc)
    return redirect_with_notice(await vendor_url(request, "roles"), "Role deleted.")


HANDLERS = [roles_page, new_role_page, create_role, edit_role_page, update_role, delete_role]
