"""Authenticating a request in one statement: credential, user, grants and config version.

Every statement starts from the one row of ``config_version`` and LEFT JOINs the credential
and its user, so the version comes back even when the token or session is unknown. The
grants are scalar subqueries on the user: super admin, the administered platforms (one
aggregated text column), and the role in the vendor named by the request's path.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    String,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    null,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import FromClause

from mercato.adapters.db.queries import core, dialect_of
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.tenancy.tables import (
    api_tokens,
    config_version,
    platform_admins,
    users,
    vendor_members,
    vendors,
)
from mercato.adapters.web.sessions import web_sessions
from mercato.domain.tenancy.credentials import Credential, Grants
from mercato.domain.tenancy.model import ApiToken, User

__all__ = ["SqlAlchemyCredentialStore"]

_USER = (
    users.c.id.label("u_id"),
    users.c.email.label("u_email"),
    users.c.display_name.label("u_display_name"),
    users.c.password_hash.label("u_password_hash"),
    users.c.is_active.label("u_is_active"),
    users.c.created_at.label("u_created_at"),
)
_TOKEN = (
    api_tokens.c.id.label("t_id"),
    api_tokens.c.name.label("t_name"),
    api_tokens.c.prefix.label("t_prefix"),
    api_tokens.c.token_hash.label("t_token_hash"),
    api_tokens.c.vendor_id.label("t_vendor_id"),
    api_tokens.c.platform_id.label("t_platform_id"),
    api_tokens.c.created_at.label("t_created_at"),
    api_tokens.c.revoked_at.label("t_revoked_at"),
    api_tokens.c.last_used_at.label("t_last_used_at"),
)


class SqlAlchemyCredentialStore:
    """:class:`~mercato.domain.tenancy.credentials.CredentialStore` over SQLAlchemy."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def by_token(self, token_hash: str, vendor_slug: str | None) -> Credential:
        """The token of this hash with its user and grants, and the config version."""
        row = await self._one("token", {"token_hash": token_hash}, vendor_slug)
        credential = _credential(row, vendor_slug)
        if credential.user is None:
            return credential
        token = ApiToken(
            row.t_id,
            row.u_id,
            row.t_name,
            row.t_prefix,
            row.t_token_hash,
            row.t_vendor_id,
            row.t_platform_id,
            as_utc(row.t_created_at),
            as_utc(row.t_revoked_at),
            as_utc(row.t_last_used_at),
        )
        return Credential(credential.user, credential.grants, credential.version, token=token)

    async def by_session(self, key: str, vendor_slug: str | None) -> Credential:
        """The stored session ``key`` (data, expiry) with its user and grants, and the version."""
        row = await self._one("session", {"key": key}, vendor_slug)
        credential = _credential(row, vendor_slug)
        return Credential(
            credential.user,
            credential.grants,
            credential.version,
            session_data=None if row.s_value is None else bytes(row.s_value),
            session_expires_at=as_utc(row.s_exp),
        )

    async def by_user(self, user_id: int, vendor_slug: str | None) -> Credential:
        """The user with their grants, and the config version."""
        row = await self._one("user", {"user_id": user_id}, vendor_slug)
        return _credential(row, vendor_slug)

    async def _one(self, kind: str, params: dict[str, object], vendor_slug: str | None) -> Row[Any]:
        async with self._sessions() as s:
            stmt = _statement(kind, vendor_slug is not None, dialect_of(s))
            found = await core(s, stmt, {**params, "vendor_slug": vendor_slug})
            return found.one()


def _from(kind: str) -> tuple[FromClause, tuple[Any, ...]]:
    """The joined tables of one kind of credential, and its own columns."""
    if kind == "token":
        on = (api_tokens.c.token_hash == bindparam("token_hash")) & (config_version.c.id == 1)
        joined = api_tokens.join(users, users.c.id == api_tokens.c.user_id)
        return config_version.outerjoin(joined, on), _TOKEN
    if kind == "session":
        on = (web_sessions.c.key == bindparam("key")) & (config_version.c.id == 1)
        joined = config_version.outerjoin(web_sessions, on).outerjoin(
            users, users.c.id == web_sessions.c.user_id
        )
        extra = (web_sessions.c.value.label("s_value"), web_sessions.c.expires_at.label("s_exp"))
        return joined, extra
    on = (users.c.id == bindparam("user_id", type_=Integer)) & (config_version.c.id == 1)
    return config_version.outerjoin(users, on), ()


@cache
def _statement(kind: str, with_vendor: bool, dialect: str) -> Select[Any]:
    """The statement of one kind of credential, built once per shape (its cache key too)."""
    joined, extra = _from(kind)
    uid = users.c.id
    is_super = exists().where(
        platform_admins.c.user_id == uid, platform_admins.c.platform_id.is_(None)
    )
    aggregate = func.string_agg if dialect == "postgresql" else func.group_concat
    administered = (
        select(aggregate(cast(platform_admins.c.platform_id, String), literal_column("','")))
        .where(platform_admins.c.user_id == uid, platform_admins.c.platform_id.is_not(None))
        .scalar_subquery()
    )
    role: ColumnElement[Any] = null()
    if with_vendor:
        role = (
            select(vendor_members.c.role)
            .join(vendors, vendors.c.id == vendor_members.c.vendor_id)
            .where(vendors.c.slug == bindparam("vendor_slug"), vendor_members.c.user_id == uid)
            .scalar_subquery()
        )
    return (
        select(
            config_version.c.version.label("version"),
            *_USER,
            *extra,
            is_super.label("g_super"),
            administered.label("g_platforms"),
            role.label("g_role"),
        )
        .select_from(joined)
        .where(config_version.c.id == 1)
    )


def _credential(row: Row[Any], vendor_slug: str | None) -> Credential:
    version = None if row.version is None else int(row.version)
    if row.u_id is None:
        return Credential(None, Grants(), version)
    user = User(
        row.u_id,
        row.u_email,
        row.u_display_name,
        row.u_password_hash,
        bool(row.u_is_active),
        as_utc(row.u_created_at),
    )
    platforms = frozenset(int(p) for p in (row.g_platforms or "").split(",") if p)
    grants = Grants(bool(row.g_super), platforms, vendor_slug, row.g_role)
    return Credential(user, grants, version)
