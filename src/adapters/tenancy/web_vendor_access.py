"""The vendor frontend's ways in: API tokens and custom domains.

Every route sits under ``/vendor/{vendor}`` and is guarded in that vendor; the id of another
vendor's token or domain answers 404. A POST answers 303 with a notice, or the form again
with its errors. A new token's secret is shown once, by the POST itself
(``Cache-Control: no-store``), and never stored anywhere else.
"""

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from mercato.adapters.tenancy._vendor_common import (
    PAGES,
    page_of,
    render,
    status_of,
    user_id_or_none,
    vendor_id,
    vendor_url,
)
from mercato.adapters.tenancy.inputs import DomainIn, TokenIn
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.params import PathId
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.tenancy.tokens import TokenService
from mercato.domain.tenancy.vendors import DomainService
from mercato.ports.errors import Conflict, InvalidInput, PermissionDenied

__all__ = ["HANDLERS"]

_NO_STORE = {"Cache-Control": "no-store"}


async def _confirm(
    request: Request[Any, Any, Any], question: str, button: str, back: str
) -> Template | None:
    values = await read_form(request)
    back_url = await vendor_url(request, back)
    return await confirm_first(
        request, values, FrontendType.VENDOR, question=question, button=button, back=back_url
    )


# -- API tokens ---------------------------------------------------------------------------


async def _tokens(
    request: Request[Any, Any, Any],
    tokens: TokenService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    query = ListQuery.from_request(request)
    found = await tokens.of_vendor(await vendor_id(request))
    context = {
        "page_title": "API tokens",
        "query": query,
        "tokens": page_of(found, query.page_request()),
        "form": form or FormState(),
    }
    return await render(request, "tokens.html", context, status)


@get(f"{PAGES}/tokens", opt=requires("tokens.manage", "vendor"), include_in_schema=False)
async def tokens_page(
    request: Request[Any, Any, Any], tokens: NamedDependency[TokenService]
) -> Template:
    """The vendor's API tokens (prefixes only) and the form for a new one."""
    return await _tokens(request, tokens)


@post(f"{PAGES}/tokens", opt=requires("tokens.manage", "vendor"), include_in_schema=False)
async def create_token(
    request: Request[Any, Any, Any], tokens: NamedDependency[TokenService]
) -> Template:
    """Issue a token of the caller scoped to this vendor; its secret is shown here, once."""
    values = await read_form(request)
    user_id = await user_id_or_none(request)
    if user_id is None:
        raise PermissionDenied("only a signed-in user can own a token")
    try:
        data = decode_form(values, TokenIn)
        token, secret = await tokens.issue(user_id, data.name, vendor_id=await vendor_id(request))
    except InvalidInput as exc:
        return await _tokens(request, tokens, FormState.refused(values, exc), 400)
    page = await render(
        request,
        "token_created.html",
        {"page_title": "Token created", "token": token, "secret": secret},
        status=201,
    )
    page.headers.update(_NO_STORE)
    return page


@post(
    f"{PAGES}/tokens/{{token_id:int}}/revoke",
    opt=requires("tokens.manage", "vendor"),
    include_in_schema=False,
)
async def revoke_token(
    request: Request[Any, Any, Any], token_id: PathId, tokens: NamedDependency[TokenService]
) -> Redirect | Template:
    """Revoke one of this vendor's tokens, once confirmed (404 for any other)."""
    vendor = await vendor_id(request)
    found = next((t for t in await tokens.of_vendor(vendor) if t.id == token_id), None)
    if found is not None:
        asked = await _confirm(
            request,
            f"Revoke the token '{found.name}'? Whatever uses it stops working.",
            "Revoke",
            "tokens",
        )
        if asked is not None:
            return asked
    await tokens.revoke(token_id, vendor_id=vendor)
    return redirect_with_notice(await vendor_url(request, "tokens"), "Token revoked.")


# -- domains ------------------------------------------------------------------------------


async def _domains(
    request: Request[Any, Any, Any],
    domains: DomainService,
    form: FormState | None = None,
    status: int = 200,
) -> Template:
    context = {
        "page_title": "Domains",
        "domains": await domains.list(await vendor_id(request)),
        "form": form or FormState(),
    }
    return await render(request, "domains.html", context, status)


@get(f"{PAGES}/domains", opt=requires("domains.view", "vendor"), include_in_schema=False)
async def domains_page(
    request: Request[Any, Any, Any], domains: NamedDependency[DomainService]
) -> Template:
    """The vendor's domains with their verification tokens."""
    return await _domains(request, domains)


@post(f"{PAGES}/domains", opt=requires("domains.manage", "vendor"), include_in_schema=False)
async def add_domain(
    request: Request[Any, Any, Any], domains: NamedDependency[DomainService]
) -> Redirect | Template:
    """Add a domain (unverified until an operator checks its token)."""
    values = await read_form(request)
    try:
        data = decode_form(values, DomainIn)
        added = await domains.add(await vendor_id(request), data.domain)
    except (InvalidInput, Conflict) as exc:
        form = FormState.refused({"domain": values.get("domain", "")}, exc)
        if exc.field is None:
            form = FormState(form.values, {"domain": exc.message})
        return await _domains(request, domains, form, status_of(exc))
    notice = f"Domain {added.domain} added."
    return redirect_with_notice(await vendor_url(request, "domains"), notice)


@post(
    f"{PAGES}/domains/{{domain_id:int}}/primary",
    opt=requires("domains.manage", "vendor"),
    include_in_schema=False,
)
async def make_primary(
    request: Request[Any, Any, Any],
    domain_id: PathId,
    domains: NamedDependency[DomainService],
) -> Redirect:
    """Make a domain of this vendor its primary one."""
    found = await domains.make_primary(await vendor_id(request), domain_id)
    notice = f"{found.domain} is now primary."
    return redirect_with_notice(await vendor_url(request, "domains"), notice)


@post(
    f"{PAGES}/domains/{{domain_id:int}}/remove",
    opt=requires("domains.manage", "vendor"),
    include_in_schema=False,
)
async def remove_domain(
    request: Request[Any, Any, Any],
    domain_id: PathId,
    domains: NamedDependency[DomainService],
) -> Redirect | Template:
    """Delete a domain of this vendor, once confirmed."""
    vendor = await vendor_id(request)
    found = next((d for d in await domains.list(vendor) if d.id == domain_id), None)
    if found is not None:
        question = f"Remove the domain {found.domain}? Its storefront stops answering there."
        asked = await _confirm(request, question, "Remove", "domains")
        if asked is not None:
            return asked
    await domains.remove(vendor, domain_id)
    return redirect_with_notice(await vendor_url(request, "domains"), "Domain removed.")


HANDLERS = [
    tokens_page,
    create_token,
    revoke_token,
    domains_page,
    add_domain,
    make_primary,
    remove_domain,
]
