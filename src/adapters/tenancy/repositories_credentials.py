"""SQLAlchemy repositories of credentials: API tokens, sign-in attempts, password resets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.integrity import is_foreign_key_violation
from mercato.adapters.db.queries import dialect_of, rowcount
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.tenancy.tables import api_tokens, login_attempts, password_resets
from mercato.domain.tenancy.model import ApiToken
from mercato.domain.tenancy.repository import Admission
from mercato.ports.errors import Conflict, NotFound

__all__ = [
    "SqlAlchemyAttemptLog",
    "SqlAlchemyPasswordResetRepository",
    "SqlAlchemyTokenRepository",
]


def _token(r: Row[Any]) -> ApiToken:
    return ApiToken(
        r.id,
        r.user_id,
        r.name,
        r.prefix,
        r.token_hash,
        r.vendor_id,
        r.platform_id,
        as_utc(r.created_at),
        as_utc(r.revoked_at),
        as_utc(r.last_used_at),
    )


class SqlAlchemyTokenRepository:
    """API tokens (hashes only)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self,
        user_id: int,
        name: str,
        prefix: str,
        token_hash: str,
        vendor_id: int | None,
        platform_id: int | None,
    ) -> ApiToken:
        """Record a token; ``Conflict`` for a hash already stored, ``NotFound`` for an unknown
        user, vendor or platform."""
        values = {
            "user_id": user_id,
            "name": name,
            "prefix": prefix,
            "token_hash": token_hash,
            "vendor_id": vendor_id,
            "platform_id": platform_id,
        }
        async with self._sessions() as s:
            try:
                row = (
                    await s.execute(insert(api_tokens).values(values).returning(*api_tokens.c))
                ).one()
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such user, vendor or platform") from exc
                raise Conflict("this token is already stored") from exc
        return _token(row)

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        """The token with this hash, or ``None``."""
        async with self._sessions() as s:
            row = (
                await s.execute(select(api_tokens).where(api_tokens.c.token_hash == token_hash))
            ).one_or_none()
        return None if row is None else _token(row)

    async def _list(self, cond: ColumnElement[bool]) -> Sequence[ApiToken]:
        query = (
            select(api_tokens)
            .where(cond)
            .order_by(api_tokens.c.created_at.desc(), api_tokens.c.id.desc())
        )
        async with self._sessions() as s:
            return [_token(r) for r in (await s.execute(query)).all()]

    async def of_user(self, user_id: int) -> Sequence[ApiToken]:
        """The user's tokens, newest first."""
        return await self._list(api_tokens.c.user_id == user_id)

    async def of_vendor(self, vendor_id: int) -> Sequence[ApiToken]:
        """Tokens scoped to the vendor, newest first."""
        return await self._list(api_tokens.c.vendor_id == vendor_id)

    async def revoke(
        self, token_id: int, user_id: int | None, vendor_id: int | None, at: datetime
    ) -> bool:
        """Revoke the token if it belongs to ``user_id`` and/or is scoped to ``vendor_id``
        (each given one must match; with neither, nothing is revoked).

        True when such a token exists; revoking again keeps the first ``revoked_at``.
        """
        if user_id is None and vendor_id is None:
            return False
        cond = api_tokens.c.id == token_id
        if user_id is not None:
            cond = and_(cond, api_tokens.c.user_id == user_id)
        if vendor_id is not None:
            cond = and_(cond, api_tokens.c.vendor_id == vendor_id)
        stmt = (
            update(api_tokens)
            .where(cond)
            .values(revoked_at=func.coalesce(api_tokens.c.revoked_at, as_utc(at)))
        )
        async with self._sessions() as s:
            result = await s.execute(stmt)
            await s.commit()
        return rowcount(result) > 0

    async def touch(
        self, token_id: int, at: datetime, unless_since: datetime | None = None
    ) -> bool:
        """Record a use at ``at``, unless one was recorded since ``unless_since`` (one
        conditional UPDATE: the row lock makes a concurrent second use match nothing)."""
        cond = api_tokens.c.id == token_id
        if unless_since is not None:
            last = api_tokens.c.last_used_at
            cond = cond & (last.is_(None) | (last <= as_utc(unless_since)))
        stmt = update(api_tokens).where(cond).values(last_used_at=as_utc(at))
        async with self._sessions() as s:
            written = rowcount(await s.execute(stmt)) > 0
            await s.commit()
        return written


_KEY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
_ADMIT = insert(login_attempts).returning(login_attempts.c.id)


class SqlAlchemyAttemptLog:
    """Failed sign-in attempts, one row per key and failure."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def admit(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> Admission:
        """Record one attempt per key unless a key is at its limit (one transaction).

        The rows go in first and are counted with the others: on SQLite the insert takes
        the one write lock, so no other admission commits between it and the counts. On
        PostgreSQL a transaction-scoped advisory lock per key (taken in key order) makes
        concurrent admissions of one key wait for each other, and each counts what the
        earlier ones committed.
        """
        if not limits:
            return Admission()
        async with self._sessions() as s:
            if dialect_of(s) == "postgresql":
                for key in sorted({k for k, _ in limits}):
                    await s.execute(_KEY_LOCK, {"key": key})
            rows = [{"key": k, "at": as_utc(at)} for k, _ in limits]
            ids = (await s.execute(_ADMIT, rows)).scalars().all()
            for key, limit in limits:
                if await self._count(s, key, since) > limit:
                    oldest = (
                        await s.execute(
                            select(func.min(login_attempts.c.at)).where(self._since(key, since))
                        )
                    ).scalar_one()
                    await s.rollback()
                    return Admission(refused=key, oldest=as_utc(oldest))
            await s.commit()
        return Admission(ids=tuple(int(i) for i in ids))

    async def _count(self, s: AsyncSession, key: str, since: datetime) -> int:
        query = select(func.count()).select_from(login_attempts).where(self._since(key, since))
        return int((await s.execute(query)).scalar_one())

    async def forget(self, ids: Sequence[int]) -> None:
        """Delete these attempts."""
        if not ids:
            return
        async with self._sessions() as s:
            await s.execute(delete(login_attempts).where(login_attempts.c.id.in_(list(ids))))
            await s.commit()

    async def record(self, keys: Sequence[str], at: datetime) -> None:
        """One row per key, at ``at``."""
        if not keys:
            return
        async with self._sessions() as s:
            await s.execute(insert(login_attempts), [{"key": k, "at": as_utc(at)} for k in keys])
            await s.commit()

    def _since(self, key: str, since: datetime) -> ColumnElement[bool]:
        return and_(login_attempts.c.key == key, login_attempts.c.at >= as_utc(since))

    async def count_since(self, key: str, since: datetime) -> int:
        """Failures under ``key`` at or after ``since``."""
        query = select(func.count()).select_from(login_attempts).where(self._since(key, since))
        async with self._sessions() as s:
            return int((await s.execute(query)).scalar_one())

    async def oldest_since(self, key: str, since: datetime) -> datetime | None:
        """The oldest failure under ``key`` at or after ``since``."""
        query = select(func.min(login_attempts.c.at)).where(self._since(key, since))
        async with self._sessions() as s:
            oldest: datetime | None = (await s.execute(query)).scalar_one()
        return as_utc(oldest)

    async def clear(self, key: str) -> None:
        """Delete the failures under ``key``."""
        async with self._sessions() as s:
            await s.execute(delete(login_attempts).where(login_attempts.c.key == key))
            await s.commit()

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete failures older than ``cutoff``; how many."""
        async with self._sessions() as s:
            result = await s.execute(
                delete(login_attempts).where(login_attempts.c.at < as_utc(cutoff))
            )
            await s.commit()
        return rowcount(result)


class SqlAlchemyPasswordResetRepository:
    """Single-use password-reset tokens; ``consume`` is one atomic UPDATE."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        """Record a reset token; ``NotFound`` for an unknown user, ``Conflict`` for a hash
        already stored."""
        values = {"token_hash": token_hash, "user_id": user_id, "expires_at": as_utc(expires_at)}
        async with self._sessions() as s:
            try:
                await s.execute(insert(password_resets).values(values))
                await s.commit()
            except IntegrityError as exc:
                await s.rollback()
                if is_foreign_key_violation(exc):
                    raise NotFound("no such user") from exc
                raise Conflict("this reset token is already stored") from exc

    async def consume(self, token_hash: str, at: datetime) -> int | None:
        """Mark used unless used or expired at ``at``: the user id for the one caller that
        did, ``None`` for everyone else."""
        when = as_utc(at)
        stmt = (
            update(password_resets)
            .where(
                password_resets.c.token_hash == token_hash,
                password_resets.c.used_at.is_(None),
                password_resets.c.expires_at > when,
            )
            .values(used_at=when)
            .returning(password_resets.c.user_id)
        )
        async with self._sessions() as s:
            user_id = (await s.execute(stmt)).scalar_one_or_none()
            await s.commit()
        return None if user_id is None else int(user_id)

    async def void_of_user(self, user_id: int, at: datetime) -> int:
        """Mark the user's unused tokens used at ``at``; how many."""
        stmt = (
            update(password_resets)
            .where(password_resets.c.user_id == user_id, password_resets.c.used_at.is_(None))
            .values(used_at=as_utc(at))
        )
        async with self._sessions() as s:
            result = await s.execute(stmt)
            await s.commit()
        return rowcount(result)

    async def purge(self, now: datetime) -> int:
        """Delete used tokens and tokens expired at ``now``; how many."""
        when = as_utc(now)
        stmt = delete(password_resets).where(
            or_(password_resets.c.used_at.is_not(None), password_resets.c.expires_at <= when)
        )
        async with self._sessions() as s:
            result = await s.execute(stmt)
            await s.commit()
        return rowcount(result)
