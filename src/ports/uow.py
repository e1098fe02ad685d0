"""A unit of work: one transaction around one use case."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

__all__ = ["FakeUnitOfWork", "NullProviderIsolation", "ProviderIsolation", "UnitOfWork"]


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


@runtime_checkable
class ProviderIsolation(Protocol):
    """How the providers of one request (metrics, widgets, context) share the database.

    A request is one unit of work on one connection. ``concurrency`` is how many providers
    may run at once: 1 runs them one after the other on the request's connection, N runs
    up to N at once, each on a connection of its own.
    """

    concurrency: int

    def isolate(self) -> AbstractAsyncContextManager[None]:
        """Run one provider call in the block.

        When the block is left by an exception or a cancellation (the provider failed or ran
        out of time), what the provider left in the database session is discarded, so the
        next provider starts clean. The exception propagates.
        """
        ...


class NullProviderIsolation:
    """No database to share: providers run ``concurrency`` at a time, nothing to reset."""

    def __init__(self, concurrency: int = 1) -> None:
        self.concurrency = max(concurrency, 1)
        self.isolated = 0

    @asynccontextmanager
    async def isolate(self) -> AsyncIterator[None]:
        """Count the call and run it."""
        self.isolated += 1
        yield
