"""The development mailbox: the messages the development mailer wrote, for super admins.

Only in development mode (``MERCATO_DEVELOPMENT`` or ``MERCATO_DEBUG``): otherwise the page
does not exist (404). Messages hold live links (password resets, invitations); only a super
admin, signed in on a page, reads them.
"""

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Template

from mercato.adapters.mail import Mailbox
from mercato.adapters.tenancy._admin_common import render
from mercato.adapters.web.guards import requires
from mercato.adapters.web.tenancy import request_tenancy
from mercato.domain.tenancy.identity import IdentityService

__all__ = ["HANDLERS"]


@get("/admin/mailbox", opt=requires("users.manage"), include_in_schema=False)
async def mailbox_page(
    request: Request[Any, Any, Any],
    mailbox: NamedDependency[Mailbox | None],
    identity: NamedDependency[IdentityService],
) -> Template:
    """The newest messages of the local mailbox, newest first."""
    if mailbox is None:
        raise NotFoundException("the mailbox page exists in development mode only")
    caller = await request_tenancy(request).identity()
    grants = await identity.admin_roles(caller.user_id) if caller else ()
    if caller is None or caller.via != "session" or not any(g.is_super_admin for g in grants):
        raise PermissionDeniedException("only a super admin reads the development mailbox")
    context = {"page_title": "Mailbox", "folder": mailbox.folder, "messages": mailbox.messages()}
    page = await render(request, "mailbox.html", context)
    page.headers["Cache-Control"] = "no-store"
    return page


HANDLERS = [mailbox_page]
