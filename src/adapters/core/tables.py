"""Tables of the core module."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table, Text

from mercato.adapters.db.metadata import metadata

__all__ = ["scheduled_task_runs"]

scheduled_task_runs = Table(
    "scheduled_task_runs",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("task", String(200), nullable=False),
    Column("tick", DateTime(timezone=True), nullable=False, index=True),
    Column("worker", String(200), nullable=False),
    Column("status", String(20), nullable=False, server_default="running"),
    Column("finished_at", DateTime(timezone=True)),
    Column("error", Text, nullable=False, server_default=""),
)
