"""Time, as a port, so that rules about expiry and schedules are testable."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FakeClock"]


@runtime_checkable
class Clock(Protocol):
    """Tells the time."""

    def now(self) -> datetime:
        """Return the current time as an aware UTC datetime."""
        ...


@dataclass
class FakeClock:
    """A clock that only moves when told to."""

    current: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))

    def now(self) -> datetime:
        """Return the frozen time."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move time forward by ``delta``."""
        self.current = self.current + delta
