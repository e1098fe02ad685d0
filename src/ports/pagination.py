"""Pagination value types shared by every list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from mercato.ports.errors import InvalidInput

__all__ = ["MAX_PAGE_SIZE", "Page", "PageRequest"]

T = TypeVar("T")
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which slice of a list to return: 1-based ``page`` of ``size`` rows, optionally filtered.

    ``sort`` names the field to sort by, with a ``-`` prefix for descending order; empty means
    the list's default order. Each repository documents the fields it sorts by and refuses
    others (see :meth:`ordering`).
    """

    page: int = 1
    size: int = 25
    search: str = ""
    sort: str = ""

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ValueError("page must be 1 or more")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise ValueError(f"page size must be between 1 and {MAX_PAGE_SIZE}")

    @property
    def offset(self) -> int:
        """How many rows come before this page."""
        return (self.page - 1) * self.size

    def ordering(self, allowed: Collection[str], default: str) -> tuple[str, bool]:
        """The field to sort by and whether in descending order.

        ``default`` (itself possibly ``-``-prefixed) when ``sort`` is empty; ``InvalidInput``
        on the field ``sort`` when it names a field outside ``allowed``.
        """
        sort = self.sort.strip() or default
        name = sort.removeprefix("-")
        if name not in allowed:
            raise InvalidInput(
                f"cannot sort by '{name}': choose one of {', '.join(sorted(allowed))}", "sort"
            )
        return name, sort.startswith("-")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list and the size of the whole list."""

    items: Sequence[T]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages the whole list has (at least 1)."""
        return max(1, -(-self.total // self.size))
