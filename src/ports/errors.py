"""Error bases every module raises through, so that adapters map them without knowing modules.

The web layer answers 400 for :class:`InvalidInput`, 401 for :class:`AuthenticationFailed`,
403 for :class:`PermissionDenied`, 404 for :class:`NotFound`, 409 for :class:`Conflict` and
429 for :class:`RateLimited`; the CLI prints the message on one line.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationFailed",
    "Conflict",
    "DomainError",
    "InvalidInput",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
]


class DomainError(Exception):
    """A rule said no; the message is meant for the person who asked.

    ``field`` names the input field at fault, when there is one, so forms can show the
    message next to it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError, ValueError):
    """The input is malformed or breaks a rule (400)."""


class Conflict(DomainError):
    """The request conflicts with the current state: a duplicate, the last owner (409)."""


class NotFound(DomainError, LookupError):
    """No such thing, or not one the caller may know about (404)."""


class PermissionDenied(DomainError):
    """The caller is known but may not do this (403)."""


class AuthenticationFailed(DomainError):
    """The credentials are wrong or missing (401)."""


class RateLimited(DomainError):
    """Too many attempts; ``retry_after`` seconds until the next one is allowed (429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
