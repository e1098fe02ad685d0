"""Run one module's provider so that its failure stays in its own slot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from mercato.ports.uow import NullProviderIsolation, ProviderIsolation

__all__ = ["FailureLog", "Slot", "raising", "run_all", "run_isolated", "sequence_of"]

T = TypeVar("T")
_log = logging.getLogger("mercato.providers")


@dataclass(frozen=True, slots=True)
class Slot(Generic[T]):
    """One module's contribution: its items, or ``unavailable`` with a short reason."""

    module: str
    module_name: str
    status: Literal["ok", "unavailable"]
    items: tuple[T, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the module answered."""
        return self.status == "ok"


class FailureLog:
    """Logs a failing provider once, not on every request, and logs when it recovers."""

    def __init__(self, logger: logging.Logger = _log) -> None:
        self._failing: set[tuple[str, str]] = set()
        self._logger = logger

    def failed(self, module: str, surface: str, reason: str, exc: BaseException | None) -> None:
        """Record a failure; log it if this provider was not already failing."""
        key = (module, surface)
        if key not in self._failing:
            self._failing.add(key)
            self._logger.error(
                "module %s: %s provider unavailable: %s",
                module,
                surface,
                reason,
                exc_info=exc if isinstance(exc, Exception) else None,
            )

    def succeeded(self, module: str, surface: str) -> None:
        """Record a success; log the recovery of a provider that was failing."""
        key = (module, surface)
        if key in self._failing:
            self._failing.discard(key)
            self._logger.info("module %s: %s provider recovered", module, surface)


async def run_isolated(
    module: str,
    module_name: str,
    surface: str,
    call: Callable[[], Awaitable[object]],
    validate: Callable[[object], tuple[T, ...]],
    *,
    limit: float,
    failures: FailureLog,
    isolation: ProviderIsolation | None = None,
) -> Slot[T]:
    """Await ``call()`` for at most ``limit`` seconds; validate its result; never raise.

    A provider that raises, exceeds the timeout or returns something ``validate`` rejects
    (``validate`` raises ``TypeError``) yields an ``unavailable`` slot. The call runs inside
    ``isolation.isolate()``, within the deadline: a failing or cancelled provider leaves
    the database session reset for the next one.
    """
    guard = isolation or _NO_ISOLATION

    async def isolated() -> object:
        async with guard.isolate():
            return await call()

    try:
        async with asyncio.timeout(limit):  # in this task: no task per provider
            result = await isolated()
        items = validate(result)
    except TimeoutError:
        failures.failed(module, surface, f"no answer within {limit:g}s", None)
        return Slot(module, module_name, "unavailable", error=f"timed out after {limit:g}s")
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        failures.failed(module, surface, f"{type(exc).__name__}: {exc}", exc)
        return Slot(module, module_name, "unavailable", error=type(exc).__name__)
    failures.succeeded(module, surface)
    return Slot(module, module_name, "ok", items)


_NO_ISOLATION = NullProviderIsolation()


async def run_all(jobs: Sequence[Callable[[], Awaitable[T]]], concurrency: int) -> list[T]:
    """Await every job, in order, at most ``concurrency`` at a time (1: one after the other).

    Each job waits for its turn before its own deadline starts (see :func:`run_isolated`).
    """
    if concurrency <= 1 or len(jobs) <= 1:
        return [await job() for job in jobs]
    turns = asyncio.Semaphore(concurrency)

    async def in_turn(job: Callable[[], Awaitable[T]]) -> T:
        async with turns:
            return await job()

    return list(await asyncio.gather(*(in_turn(job) for job in jobs)))


def sequence_of(kinds: tuple[type, ...]) -> Callable[[object], tuple[object, ...]]:
    """A validator accepting a list or tuple whose items are instances of ``kinds``."""

    def check(result: object) -> tuple[object, ...]:
        if not isinstance(result, list | tuple):
            raise TypeError(f"expected a sequence, got {type(result).__name__}")
        for item in result:
            if not isinstance(item, kinds):
                raise TypeError(f"unexpected item of type {type(item).__name__}")
        return tuple(result)

    return check


def raising(exc: Exception) -> Callable[[], Awaitable[object]]:
    """A call that fails with ``exc``: stands in for a provider that could not be built."""

    async def fail() -> object:
        raise exc

    return fail
