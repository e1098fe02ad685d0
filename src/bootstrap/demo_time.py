"""The demo's time machine: the application, on a clock the demo sets, for seeding history.

:func:`time_travelling` builds a copy of the application container whose clock is a
:class:`SettableClock`. Every module container built from the copy, the contracts it finds
(so the inventory's reservations an order makes), its outbox publisher and its event
dispatcher tell that clock's time: a use case run with the clock set to a day of the past
writes that day's timestamps, rollups and events, exactly as it would have then.

The copy has an engine of its own (the same database) whose commits do not wait for the
disk (SQLite ``synchronous=NORMAL`` in WAL mode, PostgreSQL ``synchronous_commit=off``):
the demo is thousands of small transactions and can be seeded again if the machine dies
halfway. Events its use cases publish are delivered when the demo calls :meth:`flush`
(rather than in the background after each commit, which on SQLite would contend for the
one writer with the seeding itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from dependency_injector import providers
from sqlalchemy import event

from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.scope import unit_of_work
from mercato.bootstrap.container import ApplicationContainer

__all__ = ["SettableClock", "TimeMachine", "time_travelling"]

# What the copy shares with the application (tests replace the registry).
_SHARED = ("registry", "redis")
_DELIVERY_BATCH = 100


class SettableClock:
    """Implements :class:`mercato.ports.clock.Clock`: the time it was last set to."""

    def __init__(self, current: datetime) -> None:
        self.current = current

    def now(self) -> datetime:
        """The time set last."""
        return self.current


class _Deferred:
    """A ``CommitListener`` that keeps the ids of committed events until :meth:`flush`."""

    def __init__(self) -> None:
        self.pending: list[str] = []

    def committed(self, event_ids: Sequence[str]) -> None:
        """Keep ``event_ids`` for the next flush."""
        self.pending.extend(event_ids)


class TimeMachine:
    """The copy of the application (:attr:`root`), its clock, and the events to deliver."""

    def __init__(self, c: ApplicationContainer, now: datetime) -> None:
        self.clock = SettableClock(now)
        self._deferred = _Deferred()
        self.root = ApplicationContainer(settings=c.settings())
        for name in _SHARED:
            getattr(self.root, name).override(getattr(c, name))
        engine = create_engine(c.settings().database_url, application_name="mercato-demo")
        event.listen(engine.sync_engine, "connect", _fast_commits)
        self.root.engine.override(providers.Object(engine))
        self.root.clock.override(providers.Object(self.clock))
        self.root.event_delivery.override(providers.Object(self._deferred))

    async def flush(self) -> int:
        """Deliver the events committed so far (in this process, on the clock's time);
        how many."""
        ids, self._deferred.pending = self._deferred.pending, []
        dispatcher = self.root.event_dispatcher()
        for start in range(0, len(ids), _DELIVERY_BATCH):
            async with unit_of_work(fresh=True):
                await dispatcher.deliver(ids[start : start + _DELIVERY_BATCH])
        return len(ids)

    async def close(self) -> None:
        """Deliver what is left and close the copy's engine."""
        await self.flush()
        await self.root.engine().dispose()


def time_travelling(c: ApplicationContainer, now: datetime) -> TimeMachine:
    """A :class:`TimeMachine` over ``c``'s database, its clock at ``now``."""
    return TimeMachine(c, now)


def _fast_commits(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    if "sqlite" in type(dbapi_connection).__module__:
        cursor.execute("PRAGMA synchronous=NORMAL")
    else:
        cursor.execute("SET synchronous_commit TO off")
    cursor.close()
