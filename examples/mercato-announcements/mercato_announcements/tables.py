"""The announcements table, declared on Mercato's shared metadata.

The foreign key names the platforms table by name only: no import of tenancy's adapters.
"""

from __future__ import annotations

from mercato.adapters.db import metadata
from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

__all__ = ["announcements"]

announcements = Table(
    "announcements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform_id", Integer, ForeignKey("platforms.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Index("ix_announcements_platform_created", "platform_id", "created_at"),
    Index("ix_announcements_expires_at", "expires_at"),
)
