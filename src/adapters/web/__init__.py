"""Shared web infrastructure: request tenancy, guards, errors, templates, health.

The public surface for module authors is :data:`__all__` (``from mercato.adapters.web
import ModuleWeb, requires, render_page, request_tenancy``); the names are imported on first
use, so importing this package imports no framework and keeps the kernel's lazy loading.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mercato.adapters.web.confirm import confirm_first
    from mercato.adapters.web.form_input import FormInvalid, decode_form
    from mercato.adapters.web.forms import FormState, ListQuery, read_form, redirect_with_notice
    from mercato.adapters.web.guards import ANY_HOST, PUBLIC, requires
    from mercato.adapters.web.links import absolute_url
    from mercato.adapters.web.module import ModuleWeb
    from mercato.adapters.web.pages import render_page
    from mercato.adapters.web.tenancy import RequestTenancy, request_tenancy

_EXPORTS = {
    "ANY_HOST": "guards",
    "FormInvalid": "form_input",
    "FormState": "forms",
    "ListQuery": "forms",
    "ModuleWeb": "module",
    "PUBLIC": "guards",
    "RequestTenancy": "tenancy",
    "absolute_url": "links",
    "confirm_first": "confirm",
    "decode_form": "form_input",
    "read_form": "forms",
    "redirect_with_notice": "forms",
    "render_page": "pages",
    "request_tenancy": "tenancy",
    "requires": "guards",
}

__all__ = [
    "ANY_HOST",
    "PUBLIC",
    "FormInvalid",
    "FormState",
    "ListQuery",
    "ModuleWeb",
    "RequestTenancy",
    "absolute_url",
    "confirm_first",
    "decode_form",
    "read_form",
    "redirect_with_notice",
    "render_page",
    "request_tenancy",
    "requires",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
