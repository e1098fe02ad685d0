"""Tables of the tenancy module: platforms, their enabled modules and menu configuration.

The tables of companies, vendors and users live in :mod:`adapters.tenancy.tables_identity`
and are re-exported here, so this module names every table of tenancy.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    func,
)

from mercato.adapters.db.metadata import metadata
from mercato.adapters.tenancy.tables_identity import (
    api_tokens,
    companies,
    invitations,
    login_attempts,
    password_resets,
    platform_admins,
    users,
    vendor_domains,
    vendor_members,
    vendor_platforms,
    vendor_roles,
    vendors,
)

__all__ = [
    "api_tokens",
    "companies",
    "config_version",
    "invitations",
    "login_attempts",
    "menu_configs",
    "password_resets",
    "platform_admins",
    "platform_domains",
    "platform_modules",
    "platforms",
    "users",
    "vendor_domains",
    "vendor_members",
    "vendor_platforms",
    "vendor_roles",
    "vendors",
]

platforms = Table(
    "platforms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("settings", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

platform_domains = Table(
    "platform_domains",
    metadata,
    Column("domain", String(253), primary_key=True),
    Column(
        "platform_id",
        Integer,
        ForeignKey("platforms.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
)

platform_modules = Table(
    "platform_modules",
    metadata,
    Column(
        "platform_id", Integer, ForeignKey("platforms.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("module", String(100), primary_key=True),
    Column("enabled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

menu_configs = Table(
    "menu_configs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform_id", Integer, ForeignKey("platforms.id", ondelete="CASCADE"), nullable=False),
    Column("frontend", String(20), nullable=False),
    Column("item_id", String(100), nullable=False),
    Column("hidden", Boolean, nullable=False, default=True),
    UniqueConstraint("platform_id", "frontend", "item_id", name="uq_menu_configs_item"),
)

config_version = Table(
    "config_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False, server_default="0"),
    comment="One row: bumped by a trigger on every write to a cached table (ADR 0017).",
)
