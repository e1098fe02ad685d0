"""Routes of the announcements module: the admin page and the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import MediaType, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import Parameter
from litestar.response import Redirect, Template
from mercato.adapters.web import (
    ModuleWeb,
    read_form,
    redirect_with_notice,
    render_page,
    request_tenancy,
    requires,
)
from mercato.domain.kernel import FrontendType
from mercato.ports import MAX_PAGE_SIZE, PageRequest

from mercato_announcements.model import MAX_BODY, MAX_TITLE, Announcement, AnnouncementInvalid
from mercato_announcements.services import AnnouncementService

__all__ = ["WEB", "AnnouncementIn", "AnnouncementOut", "AnnouncementPageOut"]

PageNo = Annotated[int, Parameter(ge=1, description="1-based page number")]
PageSize = Annotated[int, Parameter(ge=1, le=MAX_PAGE_SIZE, description="rows per page")]
Search = Annotated[str, Parameter(max_length=100, description="filter by title")]


class AnnouncementIn(msgspec.Struct, forbid_unknown_fields=True):
    """A new announcement. ``expires_at`` is an ISO-8601 datetime with a time zone."""

    title: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TITLE)]
    body: Annotated[str, msgspec.Meta(max_length=MAX_BODY)] = ""
    expires_at: Annotated[datetime, msgspec.Meta(tz=True)] | None = None


class AnnouncementOut(msgspec.Struct):
    id: int
    title: str
    body: str
    created_at: datetime
    expires_at: datetime | None


class AnnouncementPageOut(msgspec.Struct):
    items: list[AnnouncementOut]
    total: int
    page: int
    size: int
    pages: int


def _out(a: Announcement) -> AnnouncementOut:
    return AnnouncementOut(a.id, a.title, a.body, a.created_at, a.expires_at)


def _invalid_body(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """A 400 whose ``detail`` says what is wrong with the body, not only that it is wrong."""
    errors = exc.extra if isinstance(exc.extra, list) else []
    reasons = [
        f"{e['message']} (field '{e['key']}')"
        if e.get("key") not in (None, "data")
        else e["message"]
        for e in errors
        if isinstance(e, dict) and "message" in e
    ]
    detail = "invalid announcement: " + "; ".join(reasons or [str(exc.detail)])
    body: dict[str, Any] = {"status_code": 400, "detail": detail}
    if errors:
        body["extra"] = {"errors": errors}
    return Response(body, status_code=400, media_type=MediaType.JSON)


@get("/admin/announcements", opt=requires("announcements.view"), include_in_schema=False)
async def announcements_page(
    request: Request[Any, Any, Any],
    announcements: AnnouncementService,
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
) -> Template:
    """The platform's active announcements, and the form posting one."""
    return await _list_page(request, announcements, PageRequest(page, size, q))


async def _list_page(
    request: Request[Any, Any, Any],
    announcements: AnnouncementService,
    wanted: PageRequest,
    error: str | None = None,
) -> Template:
    scope = await request_tenancy(request).scope()
    result = await announcements.page(scope.platform_id, wanted)
    return await render_page(
        request,
        "announcements/list.html",
        FrontendType.ADMIN,
        {"result": result, "q": wanted.search, "error": error, "page_title": "Announcements"},
        status_code=200 if error is None else 400,
    )


@post("/admin/announcements", opt=requires("announcements.manage"), include_in_schema=False)
async def post_announcement_form(
    request: Request[Any, Any, Any], announcements: AnnouncementService
) -> Redirect | Template:
    """The page's form: post, then back to the list (303); a broken rule shows the page
    again with the reason (400)."""
    values = await read_form(request)
    scope = await request_tenancy(request).scope()
    try:
        await announcements.post(scope.platform_id, values.get("title", ""), values.get("body", ""))
    except AnnouncementInvalid as exc:
        return await _list_page(request, announcements, PageRequest(), str(exc))
    return redirect_with_notice("/admin/announcements", "Announcement posted.")


@get(
    "/api/v1/admin/announcements",
    opt=requires("announcements.view"),
    tags=["announcements"],
    summary="List the platform's active announcements",
)
async def announcements_json(
    request: Request[Any, Any, Any],
    announcements: AnnouncementService,
    page: PageNo = 1,
    size: PageSize = 25,
    q: Search = "",
) -> AnnouncementPageOut:
    """A page of active announcements, newest first, filtered by title with ``q``."""
    scope = await request_tenancy(request).scope()
    result = await announcements.page(scope.platform_id, PageRequest(page, size, q))
    return AnnouncementPageOut(
        [_out(a) for a in result.items], result.total, result.page, result.size, result.pages
    )


@post(
    "/api/v1/admin/announcements",
    opt=requires("announcements.manage"),
    tags=["announcements"],
    summary="Post an announcement on the platform",
    exception_handlers={ValidationException: _invalid_body},
)
async def post_announcement(
    request: Request[Any, Any, Any], announcements: AnnouncementService, data: AnnouncementIn
) -> AnnouncementOut:
    """Post an announcement; 400 names the broken rule (empty title, past expiry...)."""
    scope = await request_tenancy(request).scope()
    posted = await announcements.post(scope.platform_id, data.title, data.body, data.expires_at)
    return _out(posted)


WEB = ModuleWeb(
    handlers=[announcements_page, post_announcement_form, announcements_json, post_announcement],
    dependencies={"announcements": "announcements"},
)
