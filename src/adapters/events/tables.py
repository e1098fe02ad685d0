"""The outbox and its deliveries (owned by the core module: its migrations create them)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from mercato.adapters.db.metadata import metadata

__all__ = ["event_deliveries", "event_outbox"]

event_outbox = Table(
    "event_outbox",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("platform_id", Integer, nullable=False),
    Column("vendor_id", Integer),
    Column("payload", JSON, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("dispatched_at", DateTime(timezone=True)),
    Index("ix_event_outbox_undispatched", "dispatched_at", "occurred_at"),
)
"""One row per published event; ``dispatched_at`` is set once its deliveries exist."""

event_deliveries = Table(
    "event_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "event_id",
        String(36),
        ForeignKey("event_outbox.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("module", String(100), nullable=False),
    Column("handler", String(100), nullable=False),
    Column("status", String(20), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", String(300), nullable=False, server_default=""),
    Column("delivered_at", DateTime(timezone=True)),
    UniqueConstraint("event_id", "module", "handler", name="uq_event_deliveries_target"),
    Index("ix_event_deliveries_due", "status", "next_attempt_at"),
)
"""One row per event and handler: its status, attempts and when it is next due."""
