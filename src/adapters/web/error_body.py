"""The one JSON body of every error the API answers (ADR 0020), and the schema it documents.

``{"status_code": 404, "detail": "...", "errors": [{"field": "...", "message": "..."}],
"extra": {...}}``: ``detail`` is meant for a person, ``errors`` lists each input field at
fault (empty when no field is), ``extra`` is an object of further facts (``extra.field``,
the first field at fault; ``extra.errors``, Litestar's own account of invalid input).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

__all__ = ["ERROR_DESCRIPTIONS", "ErrorBody", "FieldError", "error_body", "error_description"]


class FieldError(msgspec.Struct):
    """One input field at fault: its name (``domains[1]`` for an item of a list) and why."""

    field: str
    message: str


class ErrorBody(msgspec.Struct):
    """What every 4xx and 5xx of the JSON API answers."""

    status_code: int
    detail: str
    errors: list[FieldError] = msgspec.field(default_factory=list)
    extra: dict[str, Any] = msgspec.field(default_factory=dict)


def error_body(
    status: int,
    detail: str,
    errors: list[FieldError] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> ErrorBody:
    """The body of an error answered with ``status``."""
    return ErrorBody(status, detail, list(errors or ()), dict(extra or {}))


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The input is invalid: `errors` names each field at fault.",
    401: "Not signed in, or the API token is unknown, expired or revoked.",
    403: "The caller may not do this here (permission, or the token's scope).",
    404: "No such thing here, or its module is not enabled on this platform.",
    409: "The request conflicts with the current state (a duplicate, the last owner).",
    422: "The input is well formed but cannot be processed.",
    429: "Too many attempts: retry after the seconds of the Retry-After header.",
}


def error_description(status: int) -> str:
    """How the schema describes an error answered with ``status``."""
    return ERROR_DESCRIPTIONS.get(status, "The request failed.")
