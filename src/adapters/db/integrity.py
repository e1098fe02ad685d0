"""Telling integrity errors apart, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

__all__ = ["is_foreign_key_violation", "is_unique_violation"]

_PG_UNIQUE = "23505"
_PG_FOREIGN_KEY = "23503"


def _code(exc: IntegrityError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def is_unique_violation(exc: IntegrityError) -> bool:
    """True when a unique constraint or unique index refused the row."""
    code = _code(exc)
    if code is not None:
        return bool(code == _PG_UNIQUE)
    text = str(exc.orig)
    return "UNIQUE constraint failed" in text or "PRIMARY KEY" in text


def is_foreign_key_violation(exc: IntegrityError) -> bool:
    """True when a foreign key refused the row (a referenced row does not exist)."""
    code = _code(exc)
    if code is not None:
        return bool(code == _PG_FOREIGN_KEY)
    return "FOREIGN KEY constraint failed" in str(exc.orig)
