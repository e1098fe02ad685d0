"""Server-rendered forms and lists: reading input, field errors, paging and sorting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.response import Redirect
from litestar.response.base import ASGIResponse

from mercato.adapters.web.form_input import FormInvalid
from mercato.ports.errors import DomainError
from mercato.ports.pagination import MAX_PAGE_SIZE, PageRequest

__all__ = ["FormState", "ListQuery", "read_form", "redirect_with_notice", "take_notice"]

MAX_FIELD = 5000


async def read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The submitted form's text fields (file fields dropped), each capped in length.

    A field sent several times (checkboxes) keeps its values joined by newlines.
    """
    data = await request.form()
    out: dict[str, str] = {}
    for key, value in data.multi_items():
        if isinstance(value, str):
            out[key] = f"{out[key]}\n{value[:MAX_FIELD]}" if key in out else value[:MAX_FIELD]
    return out


@dataclass
class FormState:
    """What a form shows again after a refusal: the values typed and the errors by field."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def refused(cls, values: dict[str, str], error: DomainError) -> FormState:
        """The values kept, each error placed on its field (or on ``__all__``)."""
        if isinstance(error, FormInvalid):
            return cls(dict(values), dict(error.errors))
        return cls(dict(values), {error.field or "__all__": error.message})

    def value(self, name: str, default: str = "") -> str:
        """The value typed for ``name``."""
        return self.values.get(name, default)


_NOTICE = "notice"


class _NoticeRedirect(Redirect):
    """A 303 whose notice is put into the caller's session as the response is made."""

    def __init__(self, url: str, notice: str) -> None:
        super().__init__(url, status_code=303)
        self.notice = notice

    def to_asgi_response(
        self, app: Any, request: Request[Any, Any, Any], **kwargs: Any
    ) -> ASGIResponse:
        """Store the notice (the next page of this session shows it once), then redirect."""
        request.set_session({**(request.session or {}), _NOTICE: self.notice[:300]})
        return super().to_asgi_response(app, request, **kwargs)


def redirect_with_notice(url: str, notice: str) -> Redirect:
    """303 to ``url``; the next page this session renders shows ``notice`` once.

    The notice travels in the server-side session, never in the URL: a link cannot make a
    page show text of the sender's choosing as an official message.
    """
    return _NoticeRedirect(url, notice)


def take_notice(request: Request[Any, Any, Any]) -> str | None:
    """The notice left for this session by :func:`redirect_with_notice`, removed as read."""
    session = request.session
    if not session or _NOTICE not in session:
        return None
    notice = session.pop(_NOTICE)
    return notice if isinstance(notice, str) else None


@dataclass(frozen=True)
class ListQuery:
    """``?page=&size=&q=&sort=`` of a list page, validated."""

    page: int = 1
    size: int = 25
    q: str = ""
    sort: str = ""

    @classmethod
    def from_request(cls, request: Request[Any, Any, Any]) -> ListQuery:
        """Parse the query string; out-of-range numbers fall back to the defaults."""
        params = request.query_params

        def number(name: str, default: int, high: int) -> int:
            raw = params.get(name, "")
            return (
                int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= high else default
            )

        return cls(
            number("page", 1, 10**6),
            number("size", 25, MAX_PAGE_SIZE),
            params.get("q", "")[:100],
            params.get("sort", "")[:40],
        )

    def page_request(self) -> PageRequest:
        """The repository's page request."""
        return PageRequest(self.page, self.size, self.q, self.sort)

    def params(self) -> dict[str, object]:
        """The query's parameters by name; a list with filters adds them."""
        return {"page": self.page, "size": self.size, "q": self.q, "sort": self.sort}

    def url(self, **changes: object) -> str:
        """This query with ``changes``, as ``?...`` for links (pager, sortable headers)."""
        values = {**self.params(), **changes}
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def export_url(self, **changes: object) -> str:
        """The search and filters alone, as ``?...`` (empty without any): the query of the
        list's CSV download, which takes the same. Relative, never from the Host header."""
        text = self.url(page="", size="", sort="", **changes)
        return "" if text == "?" else text
