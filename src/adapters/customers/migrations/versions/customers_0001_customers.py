"""customers: a vendor's customers (e-mail unique per vendor, lower-cased) and their tags

Revision ID: customers_0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "customers_0001"
down_revision = None
branch_labels = ("customers",)
depends_on = "tenancy_0002"


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "vendor_id",
            sa.Integer,
            sa.ForeignKey("vendors.id", ondelete="CASCADE", name="fk_customers_vendor_id_vendors"),
            nullable=False,
        ),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("addresses", sa.JSON, nullable=False),
        sa.Column("marketing_consent", sa.Boolean, nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
        sa.UniqueConstraint("vendor_id", "email", name="uq_customers_vendor_id_email"),
    )
    op.create_index("ix_customers_vendor_created", "customers", ["vendor_id", "created_at"])
    op.create_table(
        "customer_tags",
        sa.Column(
            "customer_id",
            sa.Integer,
            sa.ForeignKey(
                "customers.id", ondelete="CASCADE", name="fk_customer_tags_customer_id_customers"
            ),
            nullable=False,
        ),
        sa.Column("vendor_id", sa.Integer, nullable=False),
        sa.Column("tag", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", "tag", name="pk_customer_tags"),
    )
    op.create_index("ix_customer_tags_vendor_tag", "customer_tags", ["vendor_id", "tag"])


def downgrade() -> None:
    op.drop_index("ix_customer_tags_vendor_tag", table_name="customer_tags")
    op.drop_table("customer_tags")
    op.drop_index("ix_customers_vendor_created", table_name="customers")
    op.drop_table("customers")
