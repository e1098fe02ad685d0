"""The JSON API of a vendor's custom roles (``/api/v1/vendors/{vendor}/roles``).

Every route is guarded in the vendor of its path; the id of another vendor's role answers
404. A member holds a custom role as ``custom:<id>``.
"""

from collections.abc import Sequence
from typing import Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from mercato.adapters.tenancy._vendor_common import API, actor, vendor_id
from mercato.adapters.tenancy.inputs import RoleIn, RolePatchIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.domain.tenancy.model import Role
from mercato.domain.tenancy.teams import TeamService, custom_role
from mercato.ports.errors import NotFound

__all__ = ["HANDLERS"]


class RoleOut(msgspec.Struct):
    id: int
    name: str
    value: str
    permissions: list[str]


def _role(r: Role) -> RoleOut:
    return RoleOut(r.id, r.name, custom_role(r.id), sorted(r.permissions))


async def _find_role(teams: TeamService, vendor: int, role_id: int) -> Role:
    found = next((r for r in await teams.roles(vendor) if r.id == role_id), None)
    if found is None:
        raise NotFound("no such role")
    return found


@get(
    f"{API}/roles",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="The vendor's custom roles",
)
async def list_roles(
    request: Request[Any, Any, Any], teams: NamedDependency[TeamService]
) -> list[RoleOut]:
    """Custom roles by name; a member holds one as ``custom:<id>``."""
    return [_role(r) for r in await teams.roles(await vendor_id(request))]


@post(
    f"{API}/roles",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="Create a custom role",
    raises=[ConflictException],
)
async def create_role(
    request: Request[Any, Any, Any],
    teams: NamedDependency[TeamService],
    data: JSONBody[RoleIn],
) -> RoleOut:
    """A role from permission codes of the catalogue; 409 for a name already used."""
    role = await teams.create_role(
        await vendor_id(request), data.name, data.permissions, await actor(request)
    )
    return _role(role)


@get(
    f"{API}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="One custom role",
)
async def get_role(
    request: Request[Any, Any, Any], role_id: PathId, teams: NamedDependency[TeamService]
) -> RoleOut:
    """The vendor's role ``role_id``."""
    return _role(await _find_role(teams, await vendor_id(request), role_id))


@patch(
    f"{API}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="Rename a custom role or replace its permissions",
    raises=[ConflictException],
)
async def update_role(
    request: Request[Any, Any, Any],
    role_id: PathId,
    teams: NamedDependency[TeamService],
    data: JSONBody[RolePatchIn],
) -> RoleOut:
    """Change what is given; what is left out stays."""
    vendor = await vendor_id(request)
    current = await _find_role(teams, vendor, role_id)
    name = current.name if data.name is None else data.name
    codes: Sequence[str] = (
        sorted(current.permissions) if data.permissions is None else data.permissions
    )
    return _role(await teams.update_role(vendor, role_id, name, codes, await actor(request)))


@delete(
    f"{API}/roles/{{role_id:int}}",
    opt=requires("roles.manage", "vendor"),
    tags=["roles"],
    summary="Delete a custom role",
    raises=[ConflictException],
)
async def delete_role(
    request: Request[Any, Any, Any], role_id: PathId, teams: NamedDependency[TeamService]
) -> None:
    """Delete a role nobody holds; 409 while a member holds it."""
    await teams.delete_role(await vendor_id(request), role_id)


HANDLERS = [list_roles, create_role, get_role, update_role, delete_role]
