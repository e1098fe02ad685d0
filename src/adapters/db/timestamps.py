"""Timestamps in and out of the database: always timezone-aware UTC.

PostgreSQL's ``timestamptz`` round-trips aware datetimes; SQLite stores the wall-clock text
without an offset and gives naive datetimes back. Adapters pass every timestamp they write
through :func:`as_utc` (so that SQLite compares the texts like PostgreSQL compares instants)
and every timestamp they read as well (so the domain always sees aware UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

__all__ = ["as_utc", "utc_now"]


def utc_now() -> datetime:
    """The current time, aware, in UTC (a column's Python-side default)."""
    return datetime.now(UTC)


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """``value`` as an aware UTC datetime; a naive value is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
