"""SQLAlchemy implementations of tenancy's repositories and the kernel's enablement store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable
from sqlalchemy.sql.expression import ColumnElement

from mercato.adapters.db.queries import Sorting, dialect_of, matches, rowcount, upsert
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.tenancy.tables import (
    menu_configs,
    platform_domains,
    platform_modules,
    platforms,
)
from mercato.domain.tenancy.model import Platform, PlatformCodeTaken
from mercato.ports.errors import NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = [
    "SqlAlchemyEnablementStore",
    "SqlAlchemyMenuConfiguration",
    "SqlAlchemyPlatformRepository",
]


class SqlAlchemyPlatformRepository:
    """Platforms with their domains.

    ``page`` sorts by ``code`` (the default), ``name`` or ``created_at``.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    _sorting = Sorting(
        {"code": platforms.c.code, "name": platforms.c.name, "created_at": platforms.c.created_at},
        default="code",
        tiebreak=platforms.c.id,
        text=frozenset({"code", "name"}),
    )

    async def add(self, code: str, name: str, domains: Sequence[str]) -> Platform:
        """Insert the platform and its domains in one transaction."""
        async with self._sessions() as s:
            try:
                result = await s.execute(
                    insert(platforms)
                    .values(code=code, name=name, settings={})
                    .returning(platforms.c.id, platforms.c.created_at)
                )
                pid, created = result.one()
                for d in domains:
                    await s.execute(insert(platform_domains).values(domain=d, platform_id=pid))
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise PlatformCodeTaken(
                    f"a platform with code '{code}' or one of the domains "
                    f"{list(domains)} already exists"
                ) from exc
        return Platform(pid, code, name, tuple(sorted(domains)), as_utc(created))

    async def update(self, platform_id: int, name: str, domains: Sequence[str]) -> Platform:
        """Rename and replace the domains in one transaction; ``NotFound`` for an unknown id."""
        async with self._sessions() as s:
            try:
                renamed = await s.execute(
                    update(platforms).where(platforms.c.id == platform_id).values(name=name)
                )
                if rowcount(renamed) == 0:
                    raise NotFound("no such platform")
                await s.execute(
                    delete(platform_domains).where(platform_domains.c.platform_id == platform_id)
                )
                for d in domains:
                    await s.execute(
                        insert(platform_domains).values(domain=d, platform_id=platform_id)
                    )
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise PlatformCodeTaken(
                    f"another platform already answers on one of {list(domains)}", "domains"
                ) from exc
            return (await self._load(s, platforms.c.id == platform_id))[0]

    async def _load(
        self,
        s: AsyncSession,
        where: ColumnElement[bool],
        order: Sequence[ColumnElement[Any]] = (platforms.c.code,),
    ) -> list[Platform]:
        rows = (await s.execute(select(platforms).where(where).order_by(*order))).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        doms = (
            await s.execute(
                select(platform_domains)
                .where(platform_domains.c.platform_id.in_(ids))
                .order_by(platform_domains.c.domain)
            )
        ).all()
        by_id: dict[int, list[str]] = {}
        for d in doms:
            by_id.setdefault(d.platform_id, []).append(d.domain)
        return [
            Platform(
                r.id,
                r.code,
                r.name,
                tuple(by_id.get(r.id, ())),
                as_utc(r.created_at),
                dict(r.settings),
            )
            for r in rows
        ]

    async def by_id(self, platform_id: int) -> Platform | None:
        """The platform with this id."""
        async with self._sessions() as s:
            found = await self._load(s, platforms.c.id == platform_id)
        return found[0] if found else None

    async def by_code(self, code: str) -> Platform | None:
        """The platform with this code."""
        async with self._sessions() as s:
            found = await self._load(s, platforms.c.code == code)
        return found[0] if found else None

    async def by_domain(self, domain: str) -> Platform | None:
        """The platform that owns the domain."""
        sub = select(platform_domains.c.platform_id).where(platform_domains.c.domain == domain)
        async with self._sessions() as s:
            found = await self._load(s, platforms.c.id.in_(sub))
        return found[0] if found else None

    async def all(self) -> Sequence[Platform]:
        """Every platform."""
        async with self._sessions() as s:
            return await self._load(s, platforms.c.id.is_not(None))

    async def count(self) -> int:
        """How many platforms exist."""
        async with self._sessions() as s:
            return int((await s.execute(select(func.count()).select_from(platforms))).scalar_one())

    async def page(self, request: PageRequest) -> Page[Platform]:
        """A page of platforms whose code or name contains the search, sorted as asked."""
        cond: ColumnElement[bool] = platforms.c.id.is_not(None)
        if request.search.strip():
            cond = matches(request.search, platforms.c.code, platforms.c.name)
        async with self._sessions() as s:
            order = self._sorting.order_by(request, dialect_of(s))
            total = int(
                (
                    await s.execute(select(func.count()).select_from(platforms).where(cond))
                ).scalar_one()
            )
            ids = select(platforms.c.id).where(cond).order_by(*order)
            ids = ids.offset(request.offset).limit(request.size)
            items = await self._load(s, platforms.c.id.in_(ids.scalar_subquery()), order)
        return Page(items, total, request.page, request.size)


class SqlAlchemyEnablementStore:
    """The kernel's enablement store: one row per (platform, enabled optional module)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def enabled_on(self, platform_id: int) -> frozenset[str]:
        """Modules stored as enabled on the platform."""
        async with self._sessions() as s:
            rows = await s.execute(
                select(platform_modules.c.module).where(
                    platform_modules.c.platform_id == platform_id
                )
            )
            return frozenset(rows.scalars())

    async def enabled_anywhere(self) -> frozenset[str]:
        """Modules enabled on at least one platform."""
        async with self._sessions() as s:
            rows = await s.execute(select(platform_modules.c.module).distinct())
            return frozenset(rows.scalars())

    async def change(
        self, platform_id: int, enable: frozenset[str], disable: frozenset[str]
    ) -> None:
        """Insert and delete rows in one transaction; enabling twice is harmless."""
        async with self._sessions() as s:
            if disable:
                await s.execute(
                    delete(platform_modules).where(
                        and_(
                            platform_modules.c.platform_id == platform_id,
                            platform_modules.c.module.in_(sorted(disable)),
                        )
                    )
                )
            if enable:
                rows = [{"platform_id": platform_id, "module": c} for c in sorted(enable)]
                await s.execute(_insert_ignoring_duplicates(s, rows))
            await s.commit()


def _insert_ignoring_duplicates(s: AsyncSession, rows: list[dict[str, object]]) -> Executable:
    """INSERT ... ON CONFLICT DO NOTHING: two processes enabling at once both succeed."""
    dialect = s.get_bind().dialect.name
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(platform_modules).values(rows)
    return stmt.on_conflict_do_nothing(index_elements=["platform_id", "module"])


class SqlAlchemyMenuConfiguration:
    """Hidden menu items per platform and frontend."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def hidden_items(self, platform_id: int, frontend: str) -> frozenset[str]:
        """Ids of hidden items."""
        async with self._sessions() as s:
            rows = await s.execute(
                select(menu_configs.c.item_id).where(
                    menu_configs.c.platform_id == platform_id,
                    menu_configs.c.frontend == frontend,
                    menu_configs.c.hidden.is_(True),
                )
            )
            return frozenset(rows.scalars())

    async def set_hidden(self, platform_id: int, frontend: str, item_id: str, hidden: bool) -> None:
        """Hide or show one item (one atomic upsert: two operators at once both succeed)."""
        row = {
            "platform_id": platform_id,
            "frontend": frontend,
            "item_id": item_id,
            "hidden": hidden,
        }
        keys = ("platform_id", "frontend", "item_id")
        async with self._sessions() as s:
            await s.execute(upsert(s, menu_configs, row, keys, ("hidden",)))
            await s.commit()
