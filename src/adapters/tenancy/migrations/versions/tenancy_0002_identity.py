"""tenancy: companies, vendors (platforms, domains, teams, roles, invitations), users
(administrators, API tokens, sign-in attempts, password resets)

Revision ID: tenancy_0002
Revises: tenancy_0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "tenancy_0002"
down_revision = "tenancy_0001"
branch_labels = None
depends_on = None


def _created_at(name: str = "created_at") -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def _fk(target: str, ondelete: str | None = "CASCADE") -> sa.ForeignKey:
    # Named by the shared metadata's naming convention (env.py's target_metadata).
    return sa.ForeignKey(target, ondelete=ondelete)


def _vendors() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("registration_number", sa.String(100), nullable=False, server_default=""),
        _created_at(),
        sa.UniqueConstraint("name", name="uq_companies_name"),
    )
    op.create_table(
        "vendors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column(
            "company_id",
            sa.Integer,
            _fk("companies.id", None),
            nullable=False,
        ),
        _created_at(),
        sa.UniqueConstraint("slug", name="uq_vendors_slug"),
    )
    op.create_index("ix_vendors_company_id", "vendors", ["company_id"])
    op.create_table(
        "vendor_platforms",
        sa.Column(
            "vendor_id",
            sa.Integer,
            _fk("vendors.id"),
            primary_key=True,
        ),
        sa.Column(
            "platform_id",
            sa.Integer,
            _fk("platforms.id"),
            primary_key=True,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        _created_at("joined_at"),
    )
    op.create_index("ix_vendor_platforms_platform_id", "vendor_platforms", ["platform_id"])
    op.create_table(
        "vendor_domains",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "vendor_id",
            sa.Integer,
            _fk("vendors.id"),
            nullable=False,
        ),
        sa.Column("domain", sa.String(253), nullable=False),
        sa.Column("verification_token", sa.String(100), nullable=False),
        sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.false()),
        _created_at(),
        sa.UniqueConstraint("domain", name="uq_vendor_domains_domain"),
    )
    op.create_index("ix_vendor_domains_vendor_id", "vendor_domains", ["vendor_id"])
    op.create_index(
        "uq_vendor_domains_primary",
        "vendor_domains",
        ["vendor_id"],
        unique=True,
        sqlite_where=sa.text("is_primary"),
        postgresql_where=sa.text("is_primary"),
    )


def _users() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        _created_at(),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
    )
    op.create_table(
        "platform_admins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users.id"), nullable=False),
        sa.Column(
            "platform_id",
            sa.Integer,
            _fk("platforms.id"),
            nullable=True,
        ),
        _created_at(),
    )
    op.create_index("ix_platform_admins_platform_id", "platform_admins", ["platform_id"])
    op.create_index(
        "uq_platform_admins_grant",
        "platform_admins",
        ["user_id", sa.text("coalesce(platform_id, 0)")],
        unique=True,
    )


def _teams() -> None:
    op.create_table(
        "vendor_roles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("permissions", sa.JSON, nullable=False),
        sa.UniqueConstraint("vendor_id", "name", name="uq_vendor_roles_vendor_id_name"),
    )
    op.create_table(
        "vendor_members",
        sa.Column(
            "vendor_id",
            sa.Integer,
            _fk("vendors.id"),
            primary_key=True,
        ),
        sa.Column("user_id", sa.Integer, _fk("users.id"), primary_key=True),
        sa.Column("role", sa.String(60), nullable=False),
        _created_at(),
    )
    op.create_index("ix_vendor_members_user_id", "vendor_members", ["user_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(60), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "invited_by",
            sa.Integer,
            _fk("users.id", "SET NULL"),
            nullable=True,
        ),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_index("ix_invitations_vendor_id", "invitations", ["vendor_id"])


def _credentials() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("vendor_id", sa.Integer, _fk("vendors.id"), nullable=True),
        sa.Column(
            "platform_id",
            sa.Integer,
            _fk("platforms.id"),
            nullable=True,
        ),
        _created_at(),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_index("ix_api_tokens_vendor_id", "api_tokens", ["vendor_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_attempts_key", "login_attempts", ["key"])
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, _fk("users.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])


def upgrade() -> None:
    _vendors()
    _users()
    _teams()
    _credentials()


# Dropping a table drops its indexes and constraints with it, on both backends.
_CREATED = (
    "companies",
    "vendors",
    "vendor_platforms",
    "vendor_domains",
    "users",
    "platform_admins",
    "vendor_roles",
    "vendor_members",
    "invitations",
    "api_tokens",
    "login_attempts",
    "password_resets",
)


def downgrade() -> None:
    for table in reversed(_CREATED):
        op.drop_table(table)
