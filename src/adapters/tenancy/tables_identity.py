"""Tables of companies, vendors (platforms, domains, teams, roles, invitations) and users
(administrators, API tokens, sign-in attempts, password resets).

Every vendor-owned table carries ``vendor_id``. Timestamps are ``timestamptz``; the Python
default writes aware UTC (see :mod:`adapters.db.timestamps`), the server default serves rows
written by hand.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
    func,
    true,
)

from mercato.adapters.db.metadata import metadata
from mercato.adapters.db.timestamps import utc_now

__all__ = [
    "api_tokens",
    "companies",
    "invitations",
    "login_attempts",
    "password_resets",
    "platform_admins",
    "users",
    "vendor_domains",
    "vendor_members",
    "vendor_platforms",
    "vendor_roles",
    "vendors",
]


def _created_at(name: str = "created_at") -> Column[datetime]:
    return Column(
        name, DateTime(timezone=True), nullable=False, default=utc_now, server_default=func.now()
    )


def _fk(target: str, ondelete: str | None = "CASCADE") -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


companies = Table(
    "companies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("registration_number", String(100), nullable=False, server_default=""),
    _created_at(),
)

vendors = Table(
    "vendors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("company_id", Integer, _fk("companies.id", None), nullable=False, index=True),
    _created_at(),
)

vendor_platforms = Table(
    "vendor_platforms",
    metadata,
    Column("vendor_id", Integer, _fk("vendors.id"), primary_key=True),
    Column("platform_id", Integer, _fk("platforms.id"), primary_key=True, index=True),
    Column("status", String(20), nullable=False),
    _created_at("joined_at"),
)

vendor_domains = Table(
    "vendor_domains",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, _fk("vendors.id"), nullable=False, index=True),
    Column("domain", String(253), nullable=False),
    Column("verification_token", String(100), nullable=False),
    Column("verified", Boolean, nullable=False, default=False, server_default=false()),
    Column("is_primary", Boolean, nullable=False, default=False, server_default=false()),
    _created_at(),
    UniqueConstraint("vendor_id", "domain", name="uq_vendor_domains_vendor_id_domain"),
)
# Several vendors may claim a host; one only holds it verified (ADR: domain claims).
Index(
    "uq_vendor_domains_verified",
    vendor_domains.c.domain,
    unique=True,
    sqlite_where=vendor_domains.c.verified,
    postgresql_where=vendor_domains.c.verified,
)
# One primary domain per vendor, kept by the database (a partial index on both backends).
Index(
    "uq_vendor_domains_primary",
    vendor_domains.c.vendor_id,
    unique=True,
    sqlite_where=vendor_domains.c.is_primary,
    postgresql_where=vendor_domains.c.is_primary,
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True, server_default=true()),
    _created_at(),
    CheckConstraint("email = lower(email)", name="email_lower_case"),
)

platform_admins = Table(
    "platform_admins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), nullable=False),
    # NULL: administrator of every platform (a super admin).
    Column("platform_id", Integer, _fk("platforms.id"), nullable=True, index=True),
    _created_at(),
)
# One grant per (user, platform), the super-admin grant (NULL) included: NULLs are distinct
# in a plain unique constraint, so the index is on coalesce(platform_id, 0) (ids start at 1).
Index(
    "uq_platform_admins_grant",
    platform_admins.c.user_id,
    func.coalesce(platform_admins.c.platform_id, 0),
    unique=True,
)

vendor_roles = Table(
    "vendor_roles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, _fk("vendors.id"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("permissions", JSON, nullable=False),
    UniqueConstraint("vendor_id", "name", name="uq_vendor_roles_vendor_id_name"),
)

vendor_members = Table(
    "vendor_members",
    metadata,
    Column("vendor_id", Integer, _fk("vendors.id"), primary_key=True),
    Column("user_id", Integer, _fk("users.id"), primary_key=True, index=True),
    Column("role", String(60), nullable=False),
    _created_at(),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, _fk("vendors.id"), nullable=False, index=True),
    Column("email", String(320), nullable=False),
    Column("role", String(60), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("invited_by", Integer, _fk("users.id", "SET NULL"), nullable=True),
    Column("accepted_at", DateTime(timezone=True), nullable=True),
    _created_at(),
)
# One unaccepted invitation per address and vendor, kept by the database (partial index).
Index(
    "uq_invitations_open",
    invitations.c.vendor_id,
    invitations.c.email,
    unique=True,
    sqlite_where=invitations.c.accepted_at.is_(None),
    postgresql_where=invitations.c.accepted_at.is_(None),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("vendor_id", Integer, _fk("vendors.id"), nullable=True, index=True),
    Column("platform_id", Integer, _fk("platforms.id"), nullable=True),
    _created_at(),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)

password_resets = Table(
    "password_resets",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, _fk("users.id"), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)
