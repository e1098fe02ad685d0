"""The catalog's routes: the vendor pages, the admin view and the JSON API."""

from __future__ import annotations

from mercato.adapters.catalog import api_products, web_admin, web_products
from mercato.adapters.web.module import ModuleWeb

__all__ = ["WEB"]

WEB = ModuleWeb(
    handlers=[*api_products.HANDLERS, *web_products.HANDLERS, *web_admin.HANDLERS],
    dependencies={"catalog": "catalog"},
)
