"""The orders module's web surface: the JSON API and the pages."""

from __future__ import annotations

from mercato.adapters.orders.api import HANDLERS as API_HANDLERS
from mercato.adapters.orders.pages import HANDLERS as PAGE_HANDLERS
from mercato.adapters.orders.place_page import HANDLERS as PLACE_HANDLERS
from mercato.adapters.web.module import ModuleWeb

__all__ = ["WEB"]

WEB = ModuleWeb(
    handlers=[*API_HANDLERS, *PAGE_HANDLERS, *PLACE_HANDLERS], dependencies={"orders": "orders"}
)
