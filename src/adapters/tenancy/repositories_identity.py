"""SQLAlchemy repository of users and administrator grants.

The credential repositories (API tokens, sign-in attempts, password resets) live in
:mod:`adapters.tenancy.repositories_credentials` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.integrity import is_foreign_key_violation
from mercato.adapters.db.queries import (
    Sorting,
    core,
    dialect_of,
    fetch_page,
    matches,
    rowcount,
    text_key,
)
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.tenancy.repositories_credentials import (
    SqlAlchemyAttemptLog,
    SqlAlchemyPasswordResetRepository,
    SqlAlchemyTokenRepository,
)
from mercato.adapters.tenancy.tables import (
    platform_admins,
    users,
    vendor_members,
    vendor_platforms,
    vendors,
)
from mercato.domain.kernel.enums import RolePreset
from mercato.domain.tenancy.model import PlatformAdmin, User
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.pagination import Page, PageRequest

__all__ = [
    "SqlAlchemyAttemptLog",
    "SqlAlchemyPasswordResetRepository",
    "SqlAlchemyTokenRepository",
    "SqlAlchemyUserRepository",
]


def _user(r: Row[Any]) -> User:
    return User(
        r.id, r.email, r.display_name, r.password_hash, bool(r.is_active), as_utc(r.created_at)
    )


def _admin_grant(platform_id: int | None) -> ColumnElement[bool]:
    if platform_id is None:
        return platform_admins.c.platform_id.is_(None)
    return platform_admins.c.platform_id == platform_id


def _of_platforms(platform_ids: list[int]) -> ColumnElement[bool]:
    """The user holds a grant on one of the platforms, is on the team of a vendor on one of
    them, or belongs to no platform at all (no grant, no team)."""
    granted = select(platform_admins.c.user_id).where(
        platform_admins.c.platform_id.in_(platform_ids)
    )
    on_team = (
        select(vendor_members.c.user_id)
        .join(vendor_platforms, vendor_platforms.c.vendor_id == vendor_members.c.vendor_id)
        .where(vendor_platforms.c.platform_id.in_(platform_ids))
    )
    nowhere = and_(
        users.c.id.not_in(select(platform_admins.c.user_id)),
        users.c.id.not_in(select(vendor_members.c.user_id)),
    )
    return or_(users.c.id.in_(granted), users.c.id.in_(on_team), nowhere)


# The dashboard provider's statement, built once (see ``adapters.db.queries.core``).
_PLATFORM = bindparam("platform_id", type_=Integer)
_COUNT_ON_PLATFORM = select(func.count()).select_from(
    select(vendor_members.c.user_id)
    .join(vendor_platforms, vendor_platforms.c.vendor_id == vendor_members.c.vendor_id)
    .where(vendor_platforms.c.platform_id == _PLATFORM)
    .union(
        select(platform_admins.c.user_id).where(
            or_(platform_admins.c.platform_id == _PLATFORM, platform_admins.c.platform_id.is_(None))
        )
    )
    .subquery()
)


_OWNED = and_(
    vendor_members.c.vendor_id == vendors.c.id,
    vendor_members.c.user_id == bindparam("user_id"),
    vendor_members.c.role == RolePreset.OWNER.value,
)
_LOCK_OWNED = (
    select(vendors.c.id)
    .where(exists().where(_OWNED))
    .order_by(vendors.c.id)
    .with_for_update(of=vendors)
)
_other_owner = vendor_members.alias("other_owner")
_LAST_OWNER_OF = (
    select(vendors.c.slug)
    .where(
        exists().where(_OWNED),
        ~exists()
        .where(
            _other_owner.c.vendor_id == vendors.c.id,
            _other_owner.c.role == RolePreset.OWNER.value,
            _other_owner.c.user_id != bindparam("user_id"),
            users.c.id == _other_owner.c.user_id,
            users.c.is_active,
        )
        .correlate(vendors),
    )
    .order_by(vendors.c.id)
    .limit(1)
)


class SqlAlchemyUserRepository:
    """Users and administrator grants.

    E-mail addresses are stored and looked up lower-case (the table checks it). ``page`` sorts
    by ``email`` (the default), ``display_name`` or ``created_at``.
    """

    _sorting = Sorting(
        {
            "email": users.c.email,
            "display_name": users.c.display_name,
            "created_at": users.c.created_at,
        },
        default="email",
        tiebreak=users.c.id,
        text=frozenset({"email", "display_name"}),
    )

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, email: str, display_name: str, password_hash: str) -> User:
        """Insert; ``Conflict`` (field ``email``) if the e-mail is taken."""
        values = {
            "email": email.lower(),
            "display_name": display_name,
            "password_hash": password_hash,
        }
        async with self._sessions() as s:
            try:
                row = (await s.execute(insert(users).values(values).returning(*users.c))).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise Conflict(f"the e-mail '{email}' is already registered", "email") from exc
        return _user(row)

    async def by_id(self, user_id: int) -> User | None:
        """The user, or ``None``."""
        return await self._one(users.c.id == user_id)

    async def by_email(self, email: str) -> User | None:
        """The user with this e-mail (compared lower-case), or ``None``."""
        return await self._one(users.c.email == email.lower())

    async def _one(self, cond: ColumnElement[bool]) -> User | None:
        async with self._sessions() as s:
            row = (await s.execute(select(users).where(cond))).one_or_none()
        return None if row is None else _user(row)

    async def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace the password hash; ``NotFound`` for an unknown user."""
        await self._set(user_id, password_hash=password_hash)

    async def set_active(self, user_id: int, active: bool) -> None:
        """Activate or deactivate; ``NotFound`` for an unknown user."""
        await self._set(user_id, is_active=active)

    async def deactivate_unless_last_owner(self, user_id: int) -> str | None:
        """Deactivate, unless the last active owner of a vendor (its slug is returned).

        On PostgreSQL the rows of the vendors the user owns are locked first, in id order
        (the row a team change locks, ``SqlAlchemyTeamRepository._lock_team``), so the check
        of the other owners and the write see every change committed before them: of two
        concurrent deactivations of a vendor's last two active owners, the second waits and
        then finds no other active owner. SQLite has one writer at a time already.
        """
        async with self._sessions() as s:
            if dialect_of(s) == "postgresql":
                await s.execute(_LOCK_OWNED, {"user_id": user_id})
            blocked = (await s.execute(_LAST_OWNER_OF, {"user_id": user_id})).scalar()
            if blocked is not None:
                await s.rollback()
                return str(blocked)
            result = await s.execute(
                update(users).where(users.c.id == user_id).values(is_active=False)
            )
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("no such user")
        return None

    async def _set(self, user_id: int, **values: object) -> None:
        async with self._sessions() as s:
            result = await s.execute(update(users).where(users.c.id == user_id).values(values))
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("no such user")

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[User]:
        """Users whose e-mail or name contains the search; with ``platform_ids``, only the
        users of those platforms (a grant there, or a team of a vendor there) and the users
        of no platform at all."""
        cond: ColumnElement[bool] = true()
        if request.search.strip():
            cond = matches(request.search, users.c.email, users.c.display_name)
        if platform_ids is not None:
            cond = and_(cond, _of_platforms(list(platform_ids)))
        async with self._sessions() as s:
            order = self._sorting.order_by(request, dialect_of(s))
            rows, total = await fetch_page(s, select(users).where(cond), order, request)
        return Page([_user(r) for r in rows], total, request.page, request.size)

    async def admin_roles(self, user_id: int) -> Sequence[PlatformAdmin]:
        """The user's grants: the super-admin grant first, then by platform id."""
        query = (
            select(platform_admins.c.platform_id)
            .where(platform_admins.c.user_id == user_id)
            .order_by(platform_admins.c.platform_id.asc().nulls_first())
        )
        async with self._sessions() as s:
            return [PlatformAdmin(user_id, pid) for pid in (await s.execute(query)).scalars()]

    async def grant_admin(self, user_id: int, platform_id: int | None) -> None:
        """Add a grant; ``Conflict`` if the user has it, ``NotFound`` for unknown ids."""
        async with self._sessions() as s:
            try:
                await s.execute(
                    insert(platform_admins).values(user_id=user_id, platform_id=platform_id)
                )
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such user or platform") from exc
                raise Conflict("that person already holds this administrator grant") from exc

    async def revoke_admin(self, user_id: int, platform_id: int | None) -> None:
        """Remove one grant; ``NotFound`` if the user does not hold it."""
        query = delete(platform_admins).where(
            platform_admins.c.user_id == user_id, _admin_grant(platform_id)
        )
        async with self._sessions() as s:
            result = await s.execute(query)
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("that person holds no such administrator grant")

    async def admins(self) -> Sequence[tuple[User, PlatformAdmin]]:
        """Every grant with its user, by e-mail, super-admin grants first."""
        query = select(users, platform_admins.c.platform_id.label("grant_platform_id")).join(
            platform_admins, platform_admins.c.user_id == users.c.id
        )
        async with self._sessions() as s:
            query = query.order_by(
                text_key(users.c.email, dialect_of(s)),
                platform_admins.c.platform_id.asc().nulls_first(),
            )
            rows = (await s.execute(query)).all()
        return [(_user(r), PlatformAdmin(r.id, r.grant_platform_id)) for r in rows]

    async def count_on_platform(self, platform_id: int) -> int:
        """Distinct users on the teams of the platform's vendors (any status) or holding an
        administrator grant that covers it (of this platform, or super admin)."""
        async with self._sessions() as s:
            found = await core(s, _COUNT_ON_PLATFORM, {"platform_id": platform_id})
            return int(found.scalar_one())
