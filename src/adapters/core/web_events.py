"""Failed event deliveries for super admins: the page at ``/admin/events`` and its JSON API.

``events.manage`` is held by super admins acting for every platform only (a permission no
role and no platform administrator holds), since the outbox spans every platform. Retrying
makes a delivery due again; the sweep (every five minutes) runs it.
"""

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter
from litestar.response import Redirect, Template

from mercato.adapters.core.inputs import DeliveryRetryIn
from mercato.adapters.web.confirm import confirm_first
from mercato.adapters.web.form_input import decode_form
from mercato.adapters.web.forms import read_form, redirect_with_notice
from mercato.adapters.web.guards import requires
from mercato.adapters.web.pages import render_page
from mercato.adapters.web.params import MAX_ID, PathId
from mercato.domain.core.events import Delivery
from mercato.domain.core.outbox import OutboxOperations
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.pagination import MAX_PAGE_SIZE

__all__ = ["HANDLERS"]

_PAGE = "/admin/events"
_API = "/api/v1/admin/events/failed"
_TAGS = ["events"]
_PAGE_SIZE = 50
_GUARD = requires("events.manage")
_DUE = "the next sweep (within five minutes) runs it"

Cursor = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_ID, description="next_cursor of the previous page"),
]
Size = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="deliveries per page")]


class FailedDeliveryOut(msgspec.Struct):
    """A delivery that gave up: the event, the handler, its attempts and last error."""

    id: int
    event_id: str
    event: str
    platform_id: int
    vendor_id: int | None
    occurred_at: datetime
    module: str
    handler: str
    attempts: int
    last_error: str
    failed_at: datetime


class FailedDeliveryPageOut(msgspec.Struct):
    items: list[FailedDeliveryOut]
    next_cursor: int | None


def _out(d: Delivery) -> FailedDeliveryOut:
    return FailedDeliveryOut(
        id=d.id,
        event_id=d.event.id,
        event=d.event.name,
        platform_id=d.event.platform_id,
        vendor_id=d.event.vendor_id,
        occurred_at=d.event.occurred_at,
        module=d.module,
        handler=d.handler,
        attempts=d.attempts,
        last_error=d.last_error,
        failed_at=d.next_attempt_at,
    )


@get(_PAGE, opt=_GUARD, include_in_schema=False)
async def events_page(
    request: Request[Any, Any, Any],
    outbox: NamedDependency[OutboxOperations],
    cursor: Cursor = None,
) -> Template:
    """Failed deliveries, the most recent first, one keyset page at a time."""
    found = await outbox.failed(cursor, _PAGE_SIZE)
    context = {"page_title": "Events", "found": found, "cursor": cursor}
    page = await render_page(request, "core/events.html", FrontendType.ADMIN, context)
    page.headers["Cache-Control"] = "no-store"
    return page


async def _confirmed(
    request: Request[Any, Any, Any], question: str, button: str
) -> tuple[DeliveryRetryIn, Template | None]:
    """The retry form's input, and the confirmation page until it is confirmed (ADR 0015)."""
    values = await read_form(request)
    chosen = decode_form(values, DeliveryRetryIn)
    asked = await confirm_first(
        request, values, FrontendType.ADMIN, question=question, button=button, back=_PAGE
    )
    return chosen, asked


@post(f"{_PAGE}/{{delivery_id:int}}/retry", opt=_GUARD, include_in_schema=False)
async def retry_page(
    request: Request[Any, Any, Any],
    delivery_id: PathId,
    outbox: NamedDependency[OutboxOperations],
) -> Template | Redirect:
    """Confirm, then make the failed delivery due again."""
    question = f"Retry delivery {delivery_id}? Its handler runs again."
    chosen, asked = await _confirmed(request, question, "Retry")
    if asked is not None:
        return asked
    await outbox.retry(delivery_id, chosen.reset_attempts)
    return redirect_with_notice(_PAGE, f"Delivery {delivery_id} is due again: {_DUE}.")


@post(f"{_PAGE}/retry", opt=_GUARD, include_in_schema=False)
async def retry_all_page(
    request: Request[Any, Any, Any], outbox: NamedDependency[OutboxOperations]
) -> Template | Redirect:
    """Confirm, then make every failed delivery due again."""
    question = "Retry every failed delivery, on every platform? Their handlers run again."
    chosen, asked = await _confirmed(request, question, "Retry all")
    if asked is not None:
        return asked
    n = await outbox.retry_all(chosen.reset_attempts)
    return redirect_with_notice(_PAGE, f"{n} failed deliveries are due again: {_DUE}.")


@get(_API, opt=_GUARD, tags=_TAGS, summary="Failed event deliveries, on every platform")
async def list_failed_deliveries(
    outbox: NamedDependency[OutboxOperations], cursor: Cursor = None, size: Size = 50
) -> FailedDeliveryPageOut:
    """Deliveries that gave up, the most recent first; the next page with
    ``cursor=next_cursor``. Super admins only."""
    found = await outbox.failed(cursor, size)
    return FailedDeliveryPageOut([_out(d) for d in found.items], found.next_cursor)


@post(
    f"{_API}/{{delivery_id:int}}/retry",
    opt=_GUARD,
    tags=_TAGS,
    summary="Retry a failed event delivery",
    status_code=204,
)
async def retry_failed_delivery(
    delivery_id: PathId,
    data: JSONBody[DeliveryRetryIn],
    outbox: NamedDependency[OutboxOperations],
) -> None:
    """Make the failed delivery due again (the sweep runs it within five minutes): with every
    attempt again, or one more (``reset_attempts: false``); 404 unless it is failed."""
    await outbox.retry(delivery_id, data.reset_attempts)


HANDLERS = [events_page, retry_page, retry_all_page, list_failed_deliveries, retry_failed_delivery]
