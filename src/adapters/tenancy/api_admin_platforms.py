"""The admin JSON API of platforms: creating one (super admins) and editing one administered.

Listing platforms and switching their modules are in :mod:`adapters.tenancy.web`.
"""

from typing import Any

import msgspec
from litestar import Request, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mercato.adapters.tenancy._admin_common import API, operator
from mercato.adapters.tenancy.inputs import PlatformIn, PlatformUpdateIn
from mercato.adapters.web.errors import ConflictException
from mercato.adapters.web.guards import requires
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.model import Platform

__all__ = ["HANDLERS"]


class AdminPlatformOut(msgspec.Struct):
    id: int
    code: str
    name: str
    domains: list[str]


def _platform(p: Platform) -> AdminPlatformOut:
    return AdminPlatformOut(p.id, p.code, p.name, list(p.domains))


@post(
    f"{API}/platforms",
    opt=requires("platforms.manage"),
    tags=["platforms"],
    raises=[ConflictException],
)
async def create_platform(
    request: Request[Any, Any, Any],
    data: JSONBody[PlatformIn],
    administration: NamedDependency[AdministrationService],
) -> AdminPlatformOut:
    """Create a platform (super admins only); 409 when the code or a domain is taken."""
    created = await administration.create_platform(
        await operator(request), data.code, data.name, data.domains
    )
    return _platform(created)


@patch(
    f"{API}/platforms/{{code:str}}",
    opt=requires("platforms.manage"),
    tags=["platforms"],
    raises=[ConflictException],
)
async def update_platform(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    data: JSONBody[PlatformUpdateIn],
    administration: NamedDependency[AdministrationService],
) -> AdminPlatformOut:
    """Rename a platform and/or replace its domains (fields left out stay as they are)."""
    updated = await administration.update_platform(
        await operator(request), code, data.name, data.domains
    )
    return _platform(updated)


HANDLERS = [create_platform, update_platform]
