"""The announcements repository implemented with SQLAlchemy Core."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from mercato.ports import Page, PageRequest
from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Integer,
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato_announcements.model import Announcement
from mercato_announcements.tables import announcements

__all__ = ["SqlAlchemyAnnouncementRepository"]

_t = announcements.c


def _utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every time we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _announcement(row: Any) -> Announcement:
    created = _utc(row.created_at)
    assert created is not None
    return Announcement(row.id, row.platform_id, row.title, row.body, created, _utc(row.expires_at))


def _active(filtered: bool) -> ColumnElement[bool]:
    """Rows of ``:platform_id`` not expired at ``:now``; with ``filtered``, whose title
    contains ``:search`` (lower case)."""
    cond = and_(
        _t.platform_id == bindparam("platform_id", type_=Integer),
        or_(_t.expires_at.is_(None), _t.expires_at > bindparam("now", type_=_t.expires_at.type)),
    )
    if filtered:
        search = bindparam("search", type_=String)
        cond = and_(cond, func.lower(_t.title).contains(search))
    return cond


_COUNTS = {
    f: select(func.count()).select_from(announcements).where(_active(f)) for f in (False, True)
}
_PAGES = {
    f: select(announcements)
    .where(_active(f))
    .order_by(_t.created_at.desc(), _t.id.desc())
    .offset(bindparam("offset", type_=Integer))
    .limit(bindparam("size", type_=Integer))
    for f in (False, True)
}


class SqlAlchemyAnnouncementRepository:
    """Announcements in the ``announcements`` table; times are stored in UTC."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self,
        platform_id: int,
        title: str,
        body: str,
        created_at: datetime,
        expires_at: datetime | None,
    ) -> Announcement:
        """Insert one row and commit."""
        created = created_at.astimezone(UTC)
        expires = None if expires_at is None else expires_at.astimezone(UTC)
        async with self._sessions() as s:
            result = await s.execute(
                insert(announcements)
                .values(
                    platform_id=platform_id,
                    title=title,
                    body=body,
                    created_at=created,
                    expires_at=expires,
                )
                .returning(_t.id)
            )
            new_id = int(result.scalar_one())
            await s.commit()
        return Announcement(new_id, platform_id, title, body, created, expires)

    async def active_page(
        self, platform_id: int, now: datetime, request: PageRequest
    ) -> Page[Announcement]:
        """Active announcements of the platform, newest first, filtered by title.

        The statements are built once, with placeholders (see ``_COUNT``): a dashboard runs
        them on every request, and building and keying a statement costs more in Python than
        running it.
        """
        params = {
            "platform_id": platform_id,
            "now": now.astimezone(UTC),
            "search": request.search.lower(),
            "offset": request.offset,
            "size": request.size,
        }
        filtered = bool(request.search)
        async with self._sessions() as s:
            connection = await s.connection()
            found = await connection.execute(_COUNTS[filtered], params)
            total = int(found.scalar_one())
            rows = await connection.execute(_PAGES[filtered], params)
            items = [_announcement(r) for r in rows]
        return Page(items, total, request.page, request.size)

    async def count_active(self, platform_id: int, now: datetime) -> int:
        """A COUNT over the platform's active rows."""
        params = {"platform_id": platform_id, "now": now.astimezone(UTC)}
        async with self._sessions() as s:
            connection = await s.connection()
            return int((await connection.execute(_COUNTS[False], params)).scalar_one())

    async def delete_expired(self, now: datetime) -> int:
        """One DELETE over every platform."""
        async with self._sessions() as s:
            result = cast(
                CursorResult[Any],
                await s.execute(
                    delete(announcements).where(
                        _t.expires_at.is_not(None), _t.expires_at <= now.astimezone(UTC)
                    )
                ),
            )
            await s.commit()
            return int(result.rowcount)
