"""The shared state of tenancy's in-memory repositories, and their paging helper."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from mercato.domain.tenancy.model import (
    ApiToken,
    Company,
    Invitation,
    Membership,
    Platform,
    Role,
    User,
    Vendor,
    VendorDomain,
    VendorPlatform,
)
from mercato.ports.errors import NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = ["TenancyState", "aware", "now", "page_of"]

T = TypeVar("T")


def aware(value: datetime) -> datetime:
    """``value`` in UTC; a naive value is taken as UTC (as the SQL adapters store it)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def now() -> datetime:
    """The current time, aware UTC (a row's creation time)."""
    return datetime.now(UTC)


@dataclass
class TenancyState:
    """Every tenancy row, in dicts keyed like the tables' primary keys."""

    platforms: dict[int, Platform] = field(default_factory=dict)
    companies: dict[int, Company] = field(default_factory=dict)
    vendors: dict[int, Vendor] = field(default_factory=dict)
    vendor_platforms: dict[tuple[int, int], VendorPlatform] = field(default_factory=dict)
    domains: dict[int, VendorDomain] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    admins: set[tuple[int, int | None]] = field(default_factory=set)
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[tuple[int, int], Membership] = field(default_factory=dict)
    invitations: dict[int, Invitation] = field(default_factory=dict)
    tokens: dict[int, ApiToken] = field(default_factory=dict)
    attempts: list[tuple[str, datetime]] = field(default_factory=list)
    resets: dict[str, tuple[int, datetime, datetime | None]] = field(default_factory=dict)
    _ids: defaultdict[str, Iterator[int]] = field(
        default_factory=lambda: defaultdict(lambda: itertools.count(1))
    )

    def next_id(self, table: str) -> int:
        """The next id of ``table`` (1, 2, ... like an autoincrement column)."""
        return next(self._ids[table])

    def vendors_on(self, platform_id: int) -> set[int]:
        """Ids of the vendors that joined the platform (any status)."""
        return {v for v, p in self.vendor_platforms if p == platform_id}

    def need(self, found: bool, message: str, field_name: str | None = None) -> None:
        """``NotFound`` unless ``found`` (what a foreign key does in SQL)."""
        if not found:
            raise NotFound(message, field_name)


def page_of(
    items: Iterable[T],
    request: PageRequest,
    fields: Mapping[str, Callable[[T], Any]],
    default: str,
    text: Iterable[str] = (),
    searched: Iterable[Callable[[T], str]] = (),
) -> Page[T]:
    """Filter by ``request.search`` (case-insensitive substring of any ``searched`` value),
    sort like :class:`adapters.db.queries.Sorting` (text fields case-insensitively, ties
    by id in the same direction) and slice one page."""
    name, descending = request.ordering(fields, default)
    needle = request.search.strip().lower()
    getters = list(searched)
    if needle:
        items = [i for i in items if any(needle in g(i).lower() for g in getters)]
    get, lower = fields[name], name in set(text)
    ordered = sorted(
        items,
        key=lambda i: (get(i).lower() if lower else get(i), i.id),  # type: ignore[attr-defined]
        reverse=descending,
    )
    start = request.offset
    return Page(ordered[start : start + request.size], len(ordered), request.page, request.size)
