"""Query helpers shared by the modules' repositories: sorting, search, upserts, counts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Table,
    TextClause,
    bindparam,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.dialects.sqlite.base import SQLiteDialect
from sqlalchemy.engine import CursorResult, Dialect, Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import UnaryExpression

from mercato.ports.pagination import PageRequest

__all__ = [
    "LIKE_ESCAPE",
    "InsertFactory",
    "Sorting",
    "core",
    "dialect_of",
    "fetch_page",
    "frozen_insert",
    "like_pattern",
    "matches",
    "rowcount",
    "text_key",
    "upsert",
]


@dataclass(frozen=True, slots=True)
class Sorting:
    """The fields a list can be sorted by (``PageRequest.sort``) and its default order.

    Text fields sort case-insensitively and byte-wise (``COLLATE "C"`` on PostgreSQL, like
    SQLite's BINARY), so both backends and the fakes agree; ties are broken by ``tiebreak``
    in the same direction, so every page is stable.
    """

    columns: Mapping[str, ColumnElement[Any]]
    default: str
    tiebreak: ColumnElement[Any]
    text: frozenset[str] = frozenset()

    def order_by(self, request: PageRequest, dialect: str) -> list[UnaryExpression[Any]]:
        """ORDER BY clauses for ``request``; ``InvalidInput`` (field ``sort``) for other fields."""
        name, descending = request.ordering(self.columns, self.default)
        key: ColumnElement[Any] = self.columns[name]
        if name in self.text:
            key = text_key(key, dialect)
        if descending:
            return [key.desc(), self.tiebreak.desc()]
        return [key.asc(), self.tiebreak.asc()]


def text_key(column: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """``column`` lower-cased, compared byte-wise on both backends (for ORDER BY)."""
    key = func.lower(column)
    return key.collate("C") if dialect == "postgresql" else key


def matches(search: str, *columns: ColumnElement[Any]) -> ColumnElement[bool]:
    """True where any column contains ``search``, ignoring case; wildcards are literal."""
    pattern = like_pattern(search)
    return or_(*(func.lower(c).like(pattern, escape=LIKE_ESCAPE) for c in columns))


LIKE_ESCAPE = "/"


def like_pattern(search: str) -> str:
    """``search`` as a case-insensitive ``LIKE`` pattern for "contains", its wildcards
    literal (escaped with :data:`LIKE_ESCAPE`): the value of a placeholder, unlike
    :func:`matches`, so the statement can be built once."""
    needle = search.strip().lower()
    for special in (LIKE_ESCAPE, "%", "_"):
        needle = needle.replace(special, LIKE_ESCAPE + special)
    return f"%{needle}%"


def dialect_of(s: AsyncSession) -> str:
    """The session's dialect name: ``sqlite`` or ``postgresql``."""
    return s.get_bind().dialect.name


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched."""
    return cast(CursorResult[Any], result).rowcount


def upsert(
    s: AsyncSession,
    table: Table,
    row: Mapping[str, object],
    keys: Sequence[str],
    update: Sequence[str],
) -> Executable:
    """INSERT ``row``, or on a conflict of ``keys`` set the ``update`` columns (atomic)."""
    insert = pg_insert if dialect_of(s) == "postgresql" else sqlite_insert
    stmt = insert(table).values(dict(row))
    return stmt.on_conflict_do_update(
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in update}
    )


InsertFactory = Callable[[Table], Any]
"""``insert`` of PostgreSQL or SQLite (the constructs that know ``ON CONFLICT``)."""

_NAMED: dict[str, Dialect] = {
    "postgresql": PGDialect(paramstyle="named"),  # type: ignore[no-untyped-call]
    "sqlite": SQLiteDialect(paramstyle="named"),
}
_FROZEN: dict[tuple[str, Callable[[InsertFactory], Any]], TextClause] = {}


def frozen_insert(s: AsyncSession, build: Callable[[InsertFactory], Any]) -> TextClause:
    """``build(insert)``, an ``INSERT ... ON CONFLICT`` with ``bindparam`` placeholders,
    compiled once per dialect into a text statement that SQLAlchemy caches.

    The PostgreSQL and SQLite ``Insert`` constructs have no cache key in SQLAlchemy 2.0
    (``[no key]`` in its echo): every execution compiles them anew, which cost an order's
    placement six compilations. The text keeps the binds' types (and their literal values)
    and the RETURNING columns' types. ``build`` must be a module-level function: it is the
    cache's key.
    """
    name = dialect_of(s)
    found = _FROZEN.get((name, build))
    if found is None:
        stmt = build(pg_insert if name == "postgresql" else sqlite_insert)
        compiled = stmt.compile(dialect=_NAMED[name])
        binds = [
            bindparam(name, value=b.value, type_=b.type, required=b.required)
            for b, name in compiled.bind_names.items()
        ]
        # a cast PostgreSQL renders (``:addresses::JSON``) is not a bind to ``text()``
        found = text(compiled.string.replace("::", "\\:\\:")).bindparams(*binds)
        returning = list(stmt.exported_columns)
        if returning:
            found = found.columns(*returning)  # type: ignore[assignment]
        _FROZEN[(name, build)] = found
    return found


async def fetch_page(
    s: AsyncSession,
    query: Select[Any],
    order: Sequence[ColumnElement[Any]],
    request: PageRequest,
) -> tuple[list[Row[Any]], int]:
    """One page of ``query``'s rows in ``order``, and how many rows match in all."""
    counted = select(func.count()).select_from(query.subquery())
    total = int((await s.execute(counted)).scalar_one())
    paged = query.order_by(*order).offset(request.offset).limit(request.size)
    return list((await s.execute(paged)).all()), total


async def core(
    s: AsyncSession, statement: Executable, params: Mapping[str, object] | None = None
) -> Result[Any]:
    """Run a Core statement on the session's connection, past the ORM's execution path.

    For the statements of the request path (authentication, dashboard providers): built once
    at import with ``bindparam`` placeholders, their cache key is computed once too.
    """
    connection = await s.connection()
    return await connection.execute(statement, dict(params or {}))
