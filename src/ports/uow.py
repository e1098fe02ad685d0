"""A unit of work: one transaction around one use case."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self, runtime_checkable

__all__ = ["FakeUnitOfWork", "UnitOfWork"]


@runtime_checkable
class UnitOfWork(Protocol):
    """Groups the writes of one use case into one transaction.

    Used as ``async with uow: ...; await uow.commit()``. Leaving the block without a commit
    rolls back.
    """

    async def __aenter__(self) -> Self:
        """Begin the transaction."""
        ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and release the connection."""
        ...

    async def commit(self) -> None:
        """Make the writes so far durable."""
        ...

    async def rollback(self) -> None:
        """Discard the writes since the last commit."""
        ...


class FakeUnitOfWork:
    """Counts commits and rollbacks, for use-case tests with fake repositories."""

    def __init__(self) -> None:
        self.commits = 0
        self.rollbacks = 0
        self.active = False

    async def __aenter__(self) -> Self:
        self.active = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.active = False

    async def commit(self) -> None:
        """Count a commit."""
        self.commits += 1

    async def rollback(self) -> None:
        """Count a rollback."""
        self.rollbacks += 1
