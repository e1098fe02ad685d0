"""SQLAlchemy repository of vendor teams: memberships, custom roles and invitations.

Every vendor-owned query filters by ``vendor_id`` in SQL, so another vendor's id finds
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.integrity import is_foreign_key_violation
from mercato.adapters.db.queries import core, dialect_of, rowcount, text_key, upsert
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.tenancy.tables import (
    invitations,
    users,
    vendor_members,
    vendor_platforms,
    vendor_roles,
    vendors,
)
from mercato.domain.kernel.enums import RolePreset
from mercato.domain.tenancy.model import Invitation, Membership, Role, User
from mercato.ports.errors import Conflict, NotFound

__all__ = ["SqlAlchemyTeamRepository"]

OWNER = RolePreset.OWNER.value
LAST_OWNER = "a vendor needs at least one owner: make someone else owner first"


def _membership(r: Row[Any]) -> Membership:
    return Membership(r.vendor_id, r.user_id, r.role, as_utc(r.created_at))


def _role(r: Row[Any]) -> Role:
    return Role(r.id, r.vendor_id, r.name, frozenset(r.permissions))


def _open(invitation_id: int, when: datetime) -> tuple[ColumnElement[bool], ...]:
    """The invitation, if neither accepted nor expired at ``when``."""
    return (
        invitations.c.id == invitation_id,
        invitations.c.accepted_at.is_(None),
        invitations.c.expires_at > when,
    )


def _invitation(r: Row[Any]) -> Invitation:
    return Invitation(
        r.id,
        r.vendor_id,
        r.email,
        r.role,
        r.token_hash,
        as_utc(r.expires_at),
        r.invited_by,
        as_utc(r.accepted_at),
        as_utc(r.created_at),
    )


# The dashboard provider's statement, built once (see ``adapters.db.queries.core``).
_COUNT_MEMBERS = (
    select(func.count())
    .select_from(vendor_members)
    .join(vendor_platforms, vendor_platforms.c.vendor_id == vendor_members.c.vendor_id)
    .where(vendor_platforms.c.platform_id == bindparam("platform_id", type_=Integer))
)


class SqlAlchemyTeamRepository:
    """Vendor teams; ``accept_invitation`` is one atomic, single-use UPDATE."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    # -- members -------------------------------------------------------------------------

    async def members(self, vendor_id: int) -> Sequence[tuple[Membership, User]]:
        """The vendor's team with the users, ordered by e-mail."""
        query = (
            select(
                vendor_members.c.vendor_id,
                vendor_members.c.user_id,
                vendor_members.c.role,
                vendor_members.c.created_at.label("joined_at"),
                users,
            )
            .join(users, users.c.id == vendor_members.c.user_id)
            .where(vendor_members.c.vendor_id == vendor_id)
        )
        async with self._sessions() as s:
            query = query.order_by(text_key(users.c.email, dialect_of(s)))
            rows = (await s.execute(query)).all()
        return [
            (
                Membership(r.vendor_id, r.user_id, r.role, as_utc(r.joined_at)),
                User(
                    r.id,
                    r.email,
                    r.display_name,
                    r.password_hash,
                    bool(r.is_active),
                    as_utc(r.created_at),
                ),
            )
            for r in rows
        ]

    def _member(self, vendor_id: int, user_id: int) -> ColumnElement[bool]:
        return and_(vendor_members.c.vendor_id == vendor_id, vendor_members.c.user_id == user_id)

    async def membership(self, vendor_id: int, user_id: int) -> Membership | None:
        """One member of the vendor's team, or ``None``."""
        query = select(vendor_members).where(self._member(vendor_id, user_id))
        async with self._sessions() as s:
            row = (await s.execute(query)).one_or_none()
        return None if row is None else _membership(row)

    async def memberships_of(self, user_id: int) -> Sequence[Membership]:
        """The teams the user belongs to, by vendor id."""
        query = (
            select(vendor_members)
            .where(vendor_members.c.user_id == user_id)
            .order_by(vendor_members.c.vendor_id)
        )
        async with self._sessions() as s:
            return [_membership(r) for r in (await s.execute(query)).all()]

    async def set_member(self, vendor_id: int, user_id: int, role: str) -> Membership:
        """Add with ``role`` or change the role (one atomic upsert; the join date stays).

        ``NotFound`` for an unknown vendor or user; ``Conflict`` when it would leave the
        vendor without owner (checked under the team's lock, see :meth:`_lock_team`).
        """
        row = {"vendor_id": vendor_id, "user_id": user_id, "role": role}
        async with self._sessions() as s:
            try:
                before = await self._lock_team(s, vendor_id, user_id)
                await s.execute(upsert(s, vendor_members, row, ("vendor_id", "user_id"), ("role",)))
                await self._keep_an_owner(s, vendor_id, before)
                found = (
                    await s.execute(select(vendor_members).where(self._member(vendor_id, user_id)))
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise NotFound("no such vendor or user") from exc
        return _membership(found)

    async def remove_member(self, vendor_id: int, user_id: int) -> None:
        """Take the user off the team; ``NotFound`` if not on it, ``Conflict`` when it would
        leave the vendor without owner."""
        async with self._sessions() as s:
            before = await self._lock_team(s, vendor_id, user_id)
            result = await s.execute(delete(vendor_members).where(self._member(vendor_id, user_id)))
            await self._keep_an_owner(s, vendor_id, before)
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("that person is not on this team")

    async def _lock_team(self, s: AsyncSession, vendor_id: int, user_id: int) -> str | None:
        """Serialise the changes of one vendor's team and return the user's role before.

        On PostgreSQL the vendor's row stays locked until the transaction ends, so two
        concurrent demotions of its last two owners cannot both see the other one still
        owner. SQLite has one writer at a time already.
        """
        if dialect_of(s) == "postgresql":
            await s.execute(select(vendors.c.id).where(vendors.c.id == vendor_id).with_for_update())
        role = select(vendor_members.c.role).where(self._member(vendor_id, user_id))
        return (await s.execute(role)).scalar_one_or_none()

    @staticmethod
    async def _keep_an_owner(s: AsyncSession, vendor_id: int, before: str | None) -> None:
        """Roll back and ``Conflict`` when the change took the vendor's last owner away."""
        if before != OWNER:
            return
        owners = select(func.count()).where(
            vendor_members.c.vendor_id == vendor_id, vendor_members.c.role == OWNER
        )
        if (await s.execute(owners)).scalar_one() == 0:
            await s.rollback()
            raise Conflict(LAST_OWNER, "role")

    async def count_on_platform(self, platform_id: int) -> int:
        """Memberships of the vendors on the platform (any status there)."""
        async with self._sessions() as s:
            found = await core(s, _COUNT_MEMBERS, {"platform_id": platform_id})
            return int(found.scalar_one())

    # -- custom roles --------------------------------------------------------------------

    def _owned_role(self, vendor_id: int, role_id: int) -> ColumnElement[bool]:
        return and_(vendor_roles.c.id == role_id, vendor_roles.c.vendor_id == vendor_id)

    async def add_role(self, vendor_id: int, name: str, permissions: frozenset[str]) -> Role:
        """A custom role; ``Conflict`` (field ``name``) if the vendor has one with the name,
        ``NotFound`` for an unknown vendor."""
        values = {"vendor_id": vendor_id, "name": name, "permissions": sorted(permissions)}
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(insert(vendor_roles).values(values).returning(*vendor_roles.c))
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such vendor") from exc
                raise Conflict(f"a role called '{name}' already exists", "name") from exc
        return _role(row)

    async def update_role(
        self, vendor_id: int, role_id: int, name: str, permissions: frozenset[str]
    ) -> Role:
        """Rename and replace the permissions; ``NotFound`` for another vendor's id,
        ``Conflict`` (field ``name``) if another of its roles has the name."""
        stmt = (
            update(vendor_roles)
            .where(self._owned_role(vendor_id, role_id))
            .values(name=name, permissions=sorted(permissions))
            .returning(*vendor_roles.c)
        )
        async with self._sessions() as s:
            try:
                row = (await s.execute(stmt)).one_or_none()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                raise Conflict(f"a role called '{name}' already exists", "name") from exc
        if row is None:
            raise NotFound("no such role")
        return _role(row)

    async def role(self, vendor_id: int, role_id: int) -> Role | None:
        """The vendor's custom role, or ``None`` (also for another vendor's id)."""
        query = select(vendor_roles).where(self._owned_role(vendor_id, role_id))
        async with self._sessions() as s:
            row = (await s.execute(query)).one_or_none()
        return None if row is None else _role(row)

    async def roles(self, vendor_id: int) -> Sequence[Role]:
        """The vendor's custom roles by name."""
        query = select(vendor_roles).where(vendor_roles.c.vendor_id == vendor_id)
        async with self._sessions() as s:
            query = query.order_by(text_key(vendor_roles.c.name, dialect_of(s)), vendor_roles.c.id)
            return [_role(r) for r in (await s.execute(query)).all()]

    async def remove_role(self, vendor_id: int, role_id: int) -> None:
        """Delete the vendor's role; ``NotFound`` for another vendor's id."""
        async with self._sessions() as s:
            result = await s.execute(
                delete(vendor_roles).where(self._owned_role(vendor_id, role_id))
            )
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("no such role")

    # -- invitations ---------------------------------------------------------------------

    async def add_invitation(
        self,
        vendor_id: int,
        email: str,
        role: str,
        token_hash: str,
        expires_at: datetime,
        invited_by: int | None,
    ) -> Invitation:
        """Record an invitation; ``NotFound`` for an unknown vendor or inviter, ``Conflict``
        for a token hash already stored or an address holding an unaccepted invitation to the
        vendor (the partial unique index ``uq_invitations_open``)."""
        values = {
            "vendor_id": vendor_id,
            "email": email,
            "role": role,
            "token_hash": token_hash,
            "expires_at": as_utc(expires_at),
            "invited_by": invited_by,
        }
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(insert(invitations).values(values).returning(*invitations.c))
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such vendor or inviting user") from exc
                if "token_hash" in str(exc.orig):
                    raise Conflict("this invitation token is already stored") from exc
                raise Conflict(f"{email} already has an open invitation", "email") from exc
        return _invitation(row)

    async def drop_expired_invitation(self, vendor_id: int, email: str, at: datetime) -> None:
        """Delete the address's unaccepted invitation to the vendor if it expired by ``at``."""
        stmt = delete(invitations).where(
            invitations.c.vendor_id == vendor_id,
            invitations.c.email == email,
            invitations.c.accepted_at.is_(None),
            invitations.c.expires_at <= as_utc(at),
        )
        async with self._sessions() as s:
            await s.execute(stmt)
            await s.commit()

    async def invitations(self, vendor_id: int) -> Sequence[Invitation]:
        """The vendor's invitations, newest first."""
        query = (
            select(invitations)
            .where(invitations.c.vendor_id == vendor_id)
            .order_by(invitations.c.created_at.desc(), invitations.c.id.desc())
        )
        async with self._sessions() as s:
            return [_invitation(r) for r in (await s.execute(query)).all()]

    async def invitation_by_token(self, token_hash: str) -> Invitation | None:
        """The invitation whose token hashes to ``token_hash``."""
        query = select(invitations).where(invitations.c.token_hash == token_hash)
        async with self._sessions() as s:
            row = (await s.execute(query)).one_or_none()
        return None if row is None else _invitation(row)

    async def accept_invitation(self, invitation_id: int, at: datetime) -> bool:
        """Mark accepted at ``at`` unless already accepted or expired by then.

        One UPDATE ... WHERE accepted_at IS NULL: of concurrent callers exactly one gets True.
        """
        when = as_utc(at)
        stmt = update(invitations).where(*_open(invitation_id, when)).values(accepted_at=when)
        async with self._sessions() as s:
            result = await s.execute(stmt)
            await s.commit()
        return rowcount(result) == 1

    async def set_invitation_token(
        self, invitation_id: int, token_hash: str, at: datetime
    ) -> Invitation | None:
        """New token hash for an invitation open at ``at``; ``None`` otherwise."""
        stmt = (
            update(invitations)
            .where(*_open(invitation_id, as_utc(at)))
            .values(token_hash=token_hash)
            .returning(*invitations.c)
        )
        async with self._sessions() as s:
            row = (await s.execute(stmt)).one_or_none()
            await s.commit()
        return None if row is None else _invitation(row)

    async def revoke_invitation(self, vendor_id: int, invitation_id: int) -> None:
        """Delete the vendor's open invitation; ``NotFound`` for another vendor's id or an
        accepted one."""
        stmt = delete(invitations).where(
            invitations.c.id == invitation_id,
            invitations.c.vendor_id == vendor_id,
            invitations.c.accepted_at.is_(None),
        )
        async with self._sessions() as s:
            result = await s.execute(stmt)
            await s.commit()
        if rowcount(result) == 0:
            raise NotFound("no such open invitation")

    async def purge_invitations(self, expired_before: datetime) -> int:
        """Delete unaccepted invitations that expired before the cutoff; how many."""
        stmt = delete(invitations).where(
            invitations.c.accepted_at.is_(None), invitations.c.expires_at < as_utc(expired_before)
        )
        async with self._sessions() as s:
            result = await s.execute(stmt)
            await s.commit()
        return rowcount(result)
