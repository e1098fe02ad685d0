"""The admin pages of companies and vendors: lists, creation, platforms, status, domains.

Which platforms an operator may put a vendor on, or suspend it on, is
:class:`AdministrationService`'s to say. A POST answers 303 with a notice, or the form
again with its errors and the values typed.
"""

from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from mercato.adapters.tenancy._admin_common import (
    operator,
    platform_id_of,
    render,
    status_of,
    vendor_by_slug,
)
from mercato.adapters.tenancy.inputs import AttachIn, CompanyIn, VendorIn, VendorStatusIn
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.administration import AdministrationService
from mercato.domain.tenancy.model import VendorStatus
from mercato.domain.tenancy.services import PlatformService
from mercato.domain.tenancy.vendors import CompanyService, DomainService, VendorService
from mercato.ports.errors import Conflict, InvalidInput
from mercato.ports.pagination import MAX_PAGE_SIZE, PageRequest

__all__ = ["HANDLERS", "VendorQuery"]


# -- companies ---------------------------------------------------------------------------


@get("/admin/companies", opt=requires("companies.view"), include_in_schema=False)
async def companies_page(
    request: Request[Any, Any, Any],
    companies: NamedDependency[CompanyService],
    administration: NamedDependency[AdministrationService],
) -> Template:
    """Companies of the operator's platforms' vendors, and of no vendor: searched by name,
    sorted by name or creation."""
    query = ListQuery.from_request(request)
    reach = await administration.reach(await operator(request))
    result = await companies.list(query.page_request(), reach.platforms)
    context = {"page_title": "Companies", "query": query, "result": result}
    return await render(request, "companies.html", context)


@get("/admin/companies/new", opt=requires("companies.manage"), include_in_schema=False)
async def new_company_page(request: Request[Any, Any, Any]) -> Template:
    """The form creating a company."""
    return await render(request, "company_new.html", {"page_title": "New company"})


@post("/admin/companies", opt=requires("companies.manage"), include_in_schema=False)
async def create_company(
    request: Request[Any, Any, Any], companies: NamedDependency[CompanyService]
) -> Redirect | Template:
    """Create a company."""
    values = await read_form(request)
    try:
        data = decode_form(values, CompanyIn)
        created = await companies.create(data.name, data.registration_number)
    except (InvalidInput, Conflict) as exc:
        context = {"page_title": "New company", "form": FormState.refused(values, exc)}
        return await render(request, "company_new.html", context, status_of(exc))
    return redirect_with_notice("/admin/companies", f"Created {created.name}.")


# -- vendors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VendorQuery(ListQuery):
    """The vendor list's query: ``all`` lists the vendors of every platform."""

    all: bool = False

    def url(self, **changes: object) -> str:
        """The list query with ``changes``, keeping ``all``."""
        base = super().url(**changes)
        if not self.all:
            return base
        return f"{base}&all=1" if base != "?" else "?all=1"


@get("/admin/vendors", opt=requires("vendors.view"), include_in_schema=False)
async def vendors_page(
    request: Request[Any, Any, Any],
    vendors: NamedDependency[VendorService],
    administration: NamedDependency[AdministrationService],
) -> Template:
    """Vendors of the current platform (``?all=1``: of every platform the operator
    administers)."""
    q = ListQuery.from_request(request)
    query = VendorQuery(q.page, q.size, q.q, q.sort, request.query_params.get("all") == "1")
    platform = await request_tenancy(request).platform()
    reach = await administration.reach(await operator(request))
    result = await vendors.list(
        query.page_request(), reach.platforms if query.all else [platform.id]
    )
    context = {"page_title": "Vendors", "query": query, "result": result}
    return await render(request, "vendors.html", context)


async def _vendor_form(
    request: Request[Any, Any, Any],
    companies: CompanyService,
    administration: AdministrationService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    current = await request_tenancy(request).platform()
    acting = await operator(request)
    reach = await administration.reach(acting)
    context = {
        "page_title": "New vendor",
        "companies": (await companies.list(PageRequest(1, MAX_PAGE_SIZE), reach.platforms)).items,
        "platforms": await administration.platforms(acting),
        "form": form or FormState({"platforms": current.code}),
    }
    return await render(request, "vendor_new.html", context, status)


@get("/admin/vendors/new", opt=requires("vendors.manage"), include_in_schema=False)
async def new_vendor_page(
    request: Request[Any, Any, Any],
    companies: NamedDependency[CompanyService],
    administration: NamedDependency[AdministrationService],
) -> Template:
    """The form creating a vendor: its company and the platforms it joins."""
    return await _vendor_form(request, companies, administration)


@post("/admin/vendors", opt=requires("vendors.manage"), include_in_schema=False)
async def create_vendor(
    request: Request[Any, Any, Any],
    companies: NamedDependency[CompanyService],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> Redirect | Template:
    """Create a vendor of a company, active on the platforms ticked."""
    values = await read_form(request)
    try:
        data = decode_form(values, VendorIn)
        platform_ids = [await platform_id_of(platforms, c, "platforms") for c in data.platforms]
        created = await administration.create_vendor(
            await operator(request), data.slug, data.name, data.company_id, platform_ids
        )
    except (InvalidInput, Conflict) as exc:
        form = FormState.refused(values, exc)
        return await _vendor_form(request, companies, administration, form, status_of(exc))
    return redirect_with_notice(f"/admin/vendors/{created.slug}", f"Created {created.name}.")


@get("/admin/vendors/{slug:str}", opt=requires("vendors.view"), include_in_schema=False)
async def vendor_page(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    administration: NamedDependency[AdministrationService],
    vendors: NamedDependency[VendorService],
    companies: NamedDependency[CompanyService],
    domains: NamedDependency[DomainService],
) -> Template:
    """A vendor: its company, its status on each platform the operator administers, and its
    domains; the platforms it may still join among those."""
    vendor = await vendor_by_slug(request, administration, slug)
    acting = await operator(request)
    memberships = await administration.vendor_platforms(acting, vendor.id)
    every = await administration.platforms(acting)
    joined = {m.platform_id for m in await vendors.platforms_of(vendor.id)}
    context = {
        "page_title": vendor.name,
        "shown": vendor,
        "company": await companies.get(vendor.company_id),
        "memberships": memberships,
        "platform_by_id": {p.id: p for p in every},
        "joinable": [p for p in every if p.id not in joined],
        "domains": await domains.list(vendor.id),
    }
    return await render(request, "vendor.html", context)


@post(
    "/admin/vendors/{slug:str}/platforms", opt=requires("vendors.manage"), include_in_schema=False
)
async def attach_vendor(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> Redirect:
    """Join the vendor to another platform (active there)."""
    vendor = await vendor_by_slug(request, administration, slug)
    data = decode_form(await read_form(request), AttachIn)
    platform_id = await platform_id_of(platforms, data.platform)
    await administration.attach_vendor(await operator(request), vendor.id, platform_id)
    return redirect_with_notice(f"/admin/vendors/{slug}", f"{vendor.name} joined {data.platform}.")


@post(
    "/admin/vendors/{slug:str}/platforms/{code:str}/status",
    opt=requires("vendors.manage"),
    include_in_schema=False,
)
async def set_vendor_status(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    code: FromPath[str],
    vendors: NamedDependency[VendorService],
    platforms: NamedDependency[PlatformService],
    administration: NamedDependency[AdministrationService],
) -> Redirect | Template:
    """Suspend (once confirmed) or reactivate the vendor on one platform (the others are
    untouched)."""
    vendor = await vendor_by_slug(request, administration, slug)
    platform = await platforms.get_or_fail(code)
    values = await read_form(request)
    data = decode_form({**values, "platform": code}, VendorStatusIn)
    if data.status is VendorStatus.SUSPENDED:
        await administration.ensure_administers(await operator(request), platform.id)
        asked = await confirm_first(
            request,
            values,
            FrontendType.ADMIN,
            question=f"Suspend {vendor.name} on {platform.name}? Its shop there closes.",
            button="Suspend",
            back=f"/admin/vendors/{slug}",
        )
        if asked is not None:
            return asked
    changed = await administration.set_vendor_status(
        await operator(request), vendor.id, platform.id, data.status
    )
    notice = f"{vendor.name} is {changed.status.value} on {platform.name}."
    return redirect_with_notice(f"/admin/vendors/{slug}", notice)


@post(
    "/admin/vendors/{slug:str}/domains/{domain_id:int}/verify",
    opt=requires("vendors.manage"),
    include_in_schema=False,
)
async def verify_domain(
    request: Request[Any, Any, Any],
    slug: FromPath[str],
    domain_id: PathId,
    vendors: NamedDependency[VendorService],
    administration: NamedDependency[AdministrationService],
) -> Redirect:
    """Record that the vendor's domain is verified (an operator's decision)."""
    vendor = await vendor_by_slug(request, administration, slug)
    verified = await administration.verify_domain(await operator(request), vendor.id, domain_id)
    return redirect_with_notice(f"/admin/vendors/{slug}", f"{verified.domain} is verified.")


HANDLERS = [
    companies_page,
    new_company_page,
    create_company,
    vendors_page,
    new_vendor_page,
    create_vendor,
    vendor_page,
    attach_vendor,
    set_vendor_status,
    verify_domain,
]
