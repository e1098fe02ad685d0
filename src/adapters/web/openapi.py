"""What the OpenAPI schema says of every route, with no work in the route (ADR 0020).

* Each operation's id is its handler's name in camelCase (``list_vendors``: ``listVendors``);
  an ``operation_id=`` on the handler wins. Litestar refuses two operations with one id.
* Each error an operation documents (the ones it ``raises``, the guards' 401, 403 and 404,
  the 400 of invalid input) is one schema, :class:`~.error_body.ErrorBody`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Collection
from copy import copy
from typing import Any

from litestar.constants import RESERVED_KWARGS
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.types.internal_types import PathParameterDefinition

from mercato.adapters.web.error_body import ErrorBody, error_description

__all__ = ["camel_case", "operation_id", "with_error_body"]

_WORDS = re.compile(r"[^A-Za-z0-9]+")
_IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})


def camel_case(name: str) -> str:
    """``list_vendors`` as ``listVendors``: the words of ``name``, the first one lower case."""
    words = [w for w in _WORDS.split(name) if w]
    if not words:
        raise ValueError(f"no words in {name!r} to make an operation id of")
    first, *rest = words
    return first[0].lower() + first[1:] + "".join(w[0].upper() + w[1:] for w in rest)


def operation_id(
    handler: HTTPRouteHandler, method: str, path: list[str | PathParameterDefinition]
) -> str:
    """The ``operation_id_creator`` of the app: the handler's name in camelCase.

    A handler serving more methods than one (HEAD and OPTIONS aside) is prefixed with the
    method: ``get_or_set`` as ``getGetOrSet`` and ``putGetOrSet``.
    """
    name = camel_case(handler.handler_name)
    if len(set(handler.http_methods) - _IGNORED_METHODS) > 1:
        return camel_case(f"{method.lower()}_{name}")
    return name


def _error_statuses(handler: HTTPRouteHandler, dependencies: Collection[str]) -> list[int]:
    """Every 4xx status ``handler`` documents: the ones it raises and, when it takes any
    input (a path, query or header parameter, or a body), the 400 of invalid input."""
    statuses = {exc.status_code for exc in handler.raises or ()}
    if _takes_input(handler, dependencies):
        statuses.add(400)
    return sorted(s for s in statuses if 400 <= s < 500)


def _takes_input(handler: HTTPRouteHandler, dependencies: Collection[str]) -> bool:
    if any("{" in path for path in handler.paths):
        return True
    known = {*RESERVED_KWARGS, *dependencies, *(handler.dependencies or {})} - {"data"}
    return any(name not in known for name in inspect.signature(handler.fn).parameters)


def with_error_body(handler: Any, dependencies: Collection[str] = ()) -> Any:
    """A copy of route ``handler`` whose documented errors are all :class:`ErrorBody`.

    ``dependencies`` are the parameter names the app provides (not input of the client).
    Responses the handler declares itself win. Anything but a route handler (a router) is
    returned as it is.
    """
    if not isinstance(handler, HTTPRouteHandler):
        return handler
    errors = {
        status: ResponseSpec(
            ErrorBody, description=error_description(status), generate_examples=False
        )
        for status in _error_statuses(handler, dependencies)
    }
    documented = copy(handler)
    documented.responses = {**errors, **(handler.responses or {})}
    return documented
