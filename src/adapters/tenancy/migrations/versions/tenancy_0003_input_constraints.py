"""tenancy: one open invitation per address and vendor; a host is held verified by one
vendor only, while unverified claims of several vendors may wait

Revision ID: tenancy_0003_input
Revises: tenancy_0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tenancy_0003_input"
down_revision = "tenancy_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "uq_invitations_open",
        "invitations",
        ["vendor_id", "email"],
        unique=True,
        sqlite_where=sa.text("accepted_at IS NULL"),
        postgresql_where=sa.text("accepted_at IS NULL"),
    )
    with op.batch_alter_table("vendor_domains") as batch:
        batch.drop_constraint("uq_vendor_domains_domain", type_="unique")
        batch.create_unique_constraint(
            "uq_vendor_domains_vendor_id_domain", ["vendor_id", "domain"]
        )
    op.create_index(
        "uq_vendor_domains_verified",
        "vendor_domains",
        ["domain"],
        unique=True,
        sqlite_where=sa.text("verified"),
        postgresql_where=sa.text("verified"),
    )


def downgrade() -> None:
    op.drop_index("uq_vendor_domains_verified", table_name="vendor_domains")
    with op.batch_alter_table("vendor_domains") as batch:
        batch.drop_constraint("uq_vendor_domains_vendor_id_domain", type_="unique")
        batch.create_unique_constraint("uq_vendor_domains_domain", ["domain"])
    op.drop_index("uq_invitations_open", table_name="invitations")
