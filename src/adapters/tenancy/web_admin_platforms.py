"""The admin pages of platforms and their modules.

The guard checks each route's permission on the current platform; whether the operator may
act on the platform of the path is :class:`AdministrationService`'s to say. A POST answers
303 with a notice, or the form again with its errors and the values typed.
"""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from mercato.adapters.tenancy._admin_common import operator, render, status_of
from mercato.adapters.tenancy.inputs import PlatformIn, PlatformUpdateIn
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.kernel.errors import KernelError
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.model import Platform
from mercato.ports.errors import Conflict, InvalidInput

__all__ = ["HANDLERS"]


async def _platform_page(
    request: Request[Any, Any, Any],
    platform: Platform,
    enablement: EnablementService,
    form: FormState | None = None,
    error: str | None = None,
    status: int = 200,
) -> Template:
    context = {
        "page_title": f"Platform {platform.name}",
        "edited": platform,
        "modules": await enablement.status(platform.id),
        "form": form or FormState({"name": platform.name, "domains": "\n".join(platform.domains)}),
        "error": error,
    }
    return await render(request, "platform.html", context, status)


@get("/admin/platforms/new", opt=requires("platforms.manage"), include_in_schema=False)
async def new_platform_page(
    request: Request[Any, Any, Any], administration: NamedDependency[AdministrationService]
) -> Template:
    """The form creating a platform (super admins only)."""
    await administration.ensure_super_admin(await operator(request))
    return await render(request, "platform_new.html", {"page_title": "New platform"})


@post("/admin/platforms", opt=requires("platforms.manage"), include_in_schema=False)
async def create_platform(
    request: Request[Any, Any, Any], administration: NamedDependency[AdministrationService]
) -> Redirect | Template:
    """Create a platform (super admins only)."""
    values = await read_form(request)
    try:
        data = decode_form(values, PlatformIn)
        created = await administration.create_platform(
            await operator(request), data.code, data.name, data.domains
        )
    except (InvalidInput, Conflict) as exc:
        context = {"page_title": "New platform", "form": FormState.refused(values, exc)}
        return await render(request, "platform_new.html", context, status_of(exc))
    return redirect_with_notice(f"/admin/platforms/{created.code}", f"Created {created.name}.")


@get("/admin/platforms/{code:str}", opt=requires("platforms.view"), include_in_schema=False)
async def platform_page(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    administration: NamedDependency[AdministrationService],
    enablement: NamedDependency[EnablementService],
) -> Template:
    """A platform the operator administers: its name and domains, and its modules."""
    platform = await administration.platform(await operator(request), code)
    return await _platform_page(request, platform, enablement)


@post("/admin/platforms/{code:str}", opt=requires("platforms.manage"), include_in_schema=False)
async def update_platform(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    enablement: NamedDependency[EnablementService],
    administration: NamedDependency[AdministrationService],
) -> Redirect | Template:
    """Rename a platform the operator administers and replace its domains."""
    platform = await administration.platform(await operator(request), code)
    values = await read_form(request)
    try:
        data = decode_form(values, PlatformUpdateIn)
        await administration.update_platform(await operator(request), code, data.name, data.domains)
    except (InvalidInput, Conflict) as exc:
        form = FormState.refused(values, exc)
        return await _platform_page(request, platform, enablement, form, None, status_of(exc))
    return redirect_with_notice(f"/admin/platforms/{code}", "Saved.")


def _enabling(request: Request[Any, Any, Any], module: str, action: str) -> bool:
    """True for ``enable``, False for ``disable``; 404 for anything else or an unknown module."""
    registry: ModuleRegistry = request.app.state["registry"]
    known = module in registry or module in registry.quarantined  # broken: refused with 409
    if action not in ("enable", "disable") or not known:
        raise NotFoundException(f"no installed module is called '{module}'")
    return action == "enable"


async def _confirm_disabling(
    request: Request[Any, Any, Any], module: str, platform_name: str, enable: bool, back: str
) -> Template | None:
    """The confirmation page before disabling a module; ``None`` for enabling or once
    confirmed."""
    if enable:
        return None
    registry: ModuleRegistry = request.app.state["registry"]
    name = registry.get(module).name
    return await confirm_first(
        request,
        await read_form(request),
        FrontendType.ADMIN,
        question=f"Disable {name} on {platform_name}? Its pages and menus disappear there.",
        button="Disable",
        back=back,
    )


@post(
    "/admin/platforms/{code:str}/modules/{module:str}/{action:str}",
    opt=requires("modules.manage"),
    include_in_schema=False,
)
async def change_platform_module(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    module: FromPath[str],
    action: FromPath[str],
    enablement: NamedDependency[EnablementService],
    administration: NamedDependency[AdministrationService],
) -> Redirect | Template:
    """Enable or disable (once confirmed) a module on a platform the operator administers; a
    refusal explains what depends on it."""
    platform = await administration.platform(await operator(request), code)
    enable = _enabling(request, module, action)
    asked = await _confirm_disabling(
        request, module, platform.name, enable, f"/admin/platforms/{code}"
    )
    if asked is not None:
        return asked
    try:
        change = await administration.set_module_enabled(
            await operator(request), platform.id, module, enable
        )
    except KernelError as exc:
        return await _platform_page(request, platform, enablement, None, str(exc), 409)
    return redirect_with_notice(f"/admin/platforms/{code}", change.message)


@post(
    "/admin/modules/{module:str}/{action:str}",
    opt=requires("modules.manage"),
    include_in_schema=False,
)
async def change_module(
    request: Request[Any, Any, Any],
    module: FromPath[str],
    action: FromPath[str],
    enablement: NamedDependency[EnablementService],
) -> Redirect | Template:
    """Enable or disable (once confirmed) a module on the current platform (the modules
    page's buttons)."""
    platform = await request_tenancy(request).platform()
    enable = _enabling(request, module, action)
    asked = await _confirm_disabling(request, module, platform.name, enable, "/admin/modules")
    if asked is not None:
        return asked
    change = enablement.enable if enable else enablement.disable
    try:
        done = await change(platform.id, module)
    except KernelError as exc:
        context = {
            "modules": await enablement.status(platform.id),
            "page_title": "Modules",
            "error": str(exc),
        }
        return await render_page(
            request, "tenancy/modules.html", FrontendType.ADMIN, context, status_code=409
        )
    return redirect_with_notice("/admin/modules", done.message)


HANDLERS = [
    new_platform_page,
    create_platform,
    platform_page,
    update_platform,
    change_platform_module,
    change_module,
]
