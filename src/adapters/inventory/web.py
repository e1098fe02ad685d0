"""Inventory's routes: the vendor's stock pages and JSON API, the operators' overview."""

from __future__ import annotations

from mercato.adapters.inventory import api, pages
from mercato.adapters.web.module import ModuleWeb

__all__ = ["WEB"]

WEB = ModuleWeb(
    handlers=[*api.HANDLERS, *pages.HANDLERS],
    dependencies={"stock": "stock"},
)
