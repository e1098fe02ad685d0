"""Rendering a page: the template, the frontend's menu and the modules' context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.response import Template

from mercato.adapters.web.forms import take_notice
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.core.context import ContextService
from mercato.domain.core.menus import MenuService
from mercato.domain.kernel.enums import FrontendType

__all__ = ["PageChrome", "render_page"]


class PageChrome:
    """What every page needs besides its own data: the menu and the module context."""

    def __init__(self, menus: MenuService, context: ContextService) -> None:
        self.menus = menus
        self.context = context


async def render_page(
    request: Request[Any, Any, Any],
    template: str,
    frontend: FrontendType,
    context: Mapping[str, Any],
    *,
    vendor_slug: str | None = None,
    status_code: int = 200,
) -> Template:
    """Render ``template`` with the menu of ``frontend`` and the enabled modules' context.

    The template also receives ``notice``: the one-line message a previous
    ``redirect_with_notice`` left in the session (shown once), or ``None``.
    """
    chrome: PageChrome = request.app.state["page_chrome"]
    tenancy = request_tenancy(request)
    scope = await tenancy.scope()
    is_vendor = frontend is FrontendType.VENDOR
    principal = await tenancy.principal("vendor" if is_vendor else "platform")
    vendor = await tenancy.vendor() if is_vendor else None
    vendor_slug = vendor.slug if vendor else vendor_slug
    enabled = await tenancy.enabled()
    # One after the other: the request's one database session is not for concurrent use.
    menu = await chrome.menus.menu(scope, frontend, principal, vendor_slug, enabled)
    module_context = await chrome.context.get_context_for_frontend(scope, frontend, enabled)
    values = {
        **module_context.values,
        "menu": menu,
        "platform": await tenancy.platform(),
        "vendor": vendor,
        "principal": principal,
        "frontend": frontend.value,
        "context_unavailable": module_context.unavailable,
        "current_path": request.url.path,
        "notice": take_notice(request),
        **context,
    }
    return Template(template, context=values, status_code=status_code)
