"""The customers module's routes: the vendor JSON API and pages, the administrators' view."""

from __future__ import annotations

from mercato.adapters.customers import api, web_admin, web_vendor, web_vendor_forms
from mercato.adapters.web.module import ModuleWeb

__all__ = ["WEB"]

WEB = ModuleWeb(
    handlers=[
        *api.HANDLERS,
        *web_vendor.HANDLERS,
        *web_vendor_forms.HANDLERS,
        *web_admin.HANDLERS,
    ],
    dependencies={"customers": "customers"},
)
