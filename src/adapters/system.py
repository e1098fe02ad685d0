"""Adapters to the operating system."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["SystemClock"]


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        """Now."""
        return datetime.now(UTC)
