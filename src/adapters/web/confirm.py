"""A confirmation step before a destructive form action, working without JavaScript.

The action's button posts as usual; the handler calls :func:`confirm_first`, which answers a
page asking the question, with a form that posts the same fields again plus ``confirm=yes``
(and a way back). Only then does the handler act. The JSON API is not affected: a client that
sends ``DELETE`` means it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.response import Template

from mercato.adapters.web.pages import render_page
from mercato.domain.kernel.enums import FrontendType

__all__ = ["CONFIRMED", "confirm_first"]

CONFIRMED = "yes"  # the value of the ``confirm`` field once the person confirmed
_NOT_REPEATED = frozenset({"_csrf_token", "confirm"})


async def confirm_first(
    request: Request[Any, Any, Any],
    values: Mapping[str, str],
    frontend: FrontendType,
    *,
    question: str,
    button: str,
    back: str,
) -> Template | None:
    """``None`` once confirmed; otherwise the page asking ``question`` before acting.

    ``button`` labels the confirming button, ``back`` is where "Cancel" leads.
    """
    if values.get("confirm") == CONFIRMED:
        return None
    fields = {k: v for k, v in values.items() if k not in _NOT_REPEATED}
    context = {
        "page_title": "Please confirm",
        "question": question,
        "button": button,
        "back": back,
        "action": request.url.path,
        "fields": fields,
        "confirmed": CONFIRMED,
    }
    return await render_page(request, "confirm.html", frontend, context)
