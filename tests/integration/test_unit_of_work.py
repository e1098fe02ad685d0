"""One unit of work: one session on one connection, on SQLite and PostgreSQL (ADR 0016)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mercato.adapters.db import SqlAlchemyUnitOfWork
from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.scope import ProviderConnections, ScopedSessions, unit_of_work
from mercato.domain.core.aggregators import StatsAggregator
from mercato.ports.metrics import MetricValue
from mercato.ports.scope import Scope
from tests.support.fakes import FakeComponents
from tests.support.modules import kernel, module

pytestmark = pytest.mark.integration

SCOPE = Scope(platform_id=1, platform_code="main")


@dataclass
class Pool:
    """The engine, its scoped sessions, and what its pool did."""

    engine: AsyncEngine
    sessions: ScopedSessions
    checkouts: int = 0
    most_out: int = 0
    out: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name


@asynccontextmanager
async def _pool(url: str) -> AsyncIterator[Pool]:
    engine = create_engine(url, application_name="mercato-uow-tests")
    p = Pool(engine, ScopedSessions(engine))

    def checkout(*_: object) -> None:
        p.checkouts += 1
        p.out += 1
        p.most_out = max(p.most_out, p.out)

    def checkin(*_: object) -> None:
        p.out -= 1

    event.listen(engine.sync_engine.pool, "checkout", checkout)
    event.listen(engine.sync_engine.pool, "checkin", checkin)
    try:
        yield p
    finally:
        await engine.dispose()


async def _one(s: AsyncSession) -> int:
    return int((await s.execute(text("SELECT 1"))).scalar_one())


async def test_outside_a_unit_every_call_is_a_fresh_session_closed_after(
    database_url: str,
) -> None:
    async with _pool(database_url) as p:
        async with p.sessions() as a:
            await _one(a)
        async with p.sessions() as b:
            await _one(b)
        assert a is not b
        assert p.checkouts == 2
        assert p.out == 0  # each block gave its connection back


async def test_inside_a_unit_every_call_is_the_one_session_on_one_connection(
    database_url: str,
) -> None:
    async with _pool(database_url) as p:
        async with unit_of_work():
            assert p.checkouts == 0  # opened lazily, on the first statement
            async with p.sessions() as a:
                await _one(a)
                await a.commit()
            async with p.sessions() as b:
                await _one(b)
                await b.rollback()
                await _one(b)
            assert a is b
            assert p.out == 1  # leaving a block, committing, rolling back: still held
        assert p.checkouts == 1
        assert p.out == 0  # the end of the unit gave it back


async def test_the_end_of_the_unit_rolls_back_what_was_not_committed(database_url: str) -> None:
    async with _pool(database_url) as p:
        async with p.sessions() as s:
            await s.execute(text("CREATE TABLE notes (body TEXT)"))
            await s.commit()
        async with unit_of_work():
            async with p.sessions() as s:
                await s.execute(text("INSERT INTO notes VALUES ('kept')"))
                await s.commit()
            async with p.sessions() as s:
                await s.execute(text("INSERT INTO notes VALUES ('dropped')"))
        async with p.sessions() as s:
            rows = (await s.execute(text("SELECT body FROM notes"))).scalars().all()
        assert rows == ["kept"]


async def test_a_nested_unit_joins_the_outer_one_and_a_fresh_one_does_not(
    database_url: str,
) -> None:
    async with _pool(database_url) as p, unit_of_work() as outer:
        async with p.sessions() as a:
            await _one(a)
        async with unit_of_work() as inner:
            assert inner is outer
            async with p.sessions() as b:
                await _one(b)
        assert b is a
        assert p.out == 1  # the inner unit did not close the outer one's session
        async with unit_of_work(fresh=True) as other:
            assert other is not outer
            async with p.sessions() as c:
                await _one(c)
            assert c is not a
            assert p.out == 2
        assert p.out == 1


async def test_a_failed_statement_leaves_the_units_session_usable(database_url: str) -> None:
    async with _pool(database_url) as p, unit_of_work():
        with pytest.raises(DBAPIError):
            async with p.sessions() as s:
                await s.execute(text("SELECT * FROM no_such_table"))
        async with p.sessions() as s:  # on PostgreSQL, not "current transaction is aborted"
            assert await _one(s) == 1
        assert p.checkouts == 1


# --- providers: one after the other on the request's connection, or N pooled ---


class _Counting:
    """A metrics provider that reads the database and notes how many connections are out."""

    def __init__(self, p: Pool, key: str, pause: float = 0.0) -> None:
        self._p, self._key, self._pause = p, key, pause
        self.sessions: list[AsyncSession] = []

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        async with self._p.sessions() as s:
            self.sessions.append(s)
            value = await _one(s)
            await asyncio.sleep(self._pause)
        return [MetricValue(self._key, self._key, value)]


class _SlowStatement:
    """A metrics provider whose statement outlasts its deadline."""

    def __init__(self, p: Pool) -> None:
        self._p = p

    async def metrics(self, scope: Scope) -> Sequence[MetricValue]:
        async with self._p.sessions() as s:
            if self._p.backend == "postgresql":
                await s.execute(text("SELECT pg_sleep(30)"))
            else:  # SQLite: a statement, then the provider hangs holding the session
                await _one(s)
                await asyncio.Event().wait()
        return []


def _aggregator(
    providers: dict[str, object], isolation: ProviderConnections, timeout: float = 5.0
) -> StatsAggregator:
    codes = list(providers)
    definitions = [module("core", core=True), *(module(c, metrics=True) for c in codes)]
    registry, enablement, _ = kernel(*definitions, enabled={1: set(codes)})
    components = FakeComponents(metrics=providers)  # type: ignore[arg-type]
    return StatsAggregator(registry, enablement, components, timeout, isolation=isolation)


async def test_providers_one_after_the_other_share_the_requests_connection(
    database_url: str,
) -> None:
    async with _pool(database_url) as p:
        providers = {f"m{i}": _Counting(p, f"m{i}") for i in range(4)}
        aggregator = _aggregator(dict(providers), ProviderConnections(1))
        async with unit_of_work():
            async with p.sessions() as s:  # the request's own statements (authentication)
                await _one(s)
            slots = await aggregator.collect(SCOPE)
        assert all(slot.ok for slot in slots)
        assert p.checkouts == 1
        assert len({id(s) for pr in providers.values() for s in pr.sessions}) == 1


async def test_pooled_providers_each_get_a_connection_and_at_most_n_at_once(
    database_url: str,
) -> None:
    async with _pool(database_url) as p:
        providers = {f"m{i}": _Counting(p, f"m{i}", pause=0.05) for i in range(6)}
        aggregator = _aggregator(dict(providers), ProviderConnections(2))
        async with unit_of_work():
            async with p.sessions() as request_session:
                await _one(request_session)
            slots = await aggregator.collect(SCOPE)
            assert p.out == 1  # each provider's unit gave its connection back
        assert [slot.ok for slot in slots] == [True] * 6
        seen = [s for pr in providers.values() for s in pr.sessions]
        assert len({id(s) for s in seen}) == 6
        assert request_session not in seen
        assert p.most_out <= 3  # the request's connection and two providers'


@pytest.mark.parametrize("connections", [1, 3])
async def test_a_provider_over_its_deadline_mid_statement_spares_the_next_one(
    database_url: str, connections: int
) -> None:
    async with _pool(database_url) as p:
        aggregator = _aggregator(
            {"a_slow": _SlowStatement(p), "b_after": _Counting(p, "after")},
            ProviderConnections(connections),
            timeout=0.5,
        )
        async with unit_of_work():
            async with p.sessions() as s:
                await _one(s)
            slow, fine = await aggregator.collect(SCOPE)
            async with p.sessions() as s:  # the request goes on after its providers
                assert await _one(s) == 1
        assert slow.status == "unavailable"
        assert slow.error == "timed out after 0.5s"
        assert fine.ok
        assert fine.items == (MetricValue("after", "after", 1),)
        assert p.out == 0


async def test_the_public_unit_of_work_inside_a_request_uses_and_keeps_its_session(
    database_url: str,
) -> None:
    async with _pool(database_url) as p, unit_of_work():
        async with p.sessions() as request_session:
            await _one(request_session)
        async with SqlAlchemyUnitOfWork(p.sessions) as uow:
            assert uow.session is request_session
            await _one(uow.session)
        async with p.sessions() as s:
            assert s is request_session
            assert await _one(s) == 1
        assert p.checkouts == 1


async def _now(s: AsyncSession) -> object:
    return (await s.execute(text("SELECT clock_timestamp(), now()"))).one()


async def test_a_reads_unit_on_postgresql_sends_no_begin_and_commits_each_write(
    database_url: str,
) -> None:
    async with _pool(database_url) as p:
        async with p.sessions() as s:
            await s.execute(text("CREATE TABLE marks (body TEXT)"))
            await s.commit()
        async with unit_of_work(reads=True), p.sessions() as s:
            await s.execute(text("INSERT INTO marks VALUES ('written by a GET')"))
            if p.backend == "postgresql":
                # no transaction: each statement's now() is its own start
                first = await _now(s)
                await asyncio.sleep(0.01)
                second = await _now(s)
                assert second[1] > first[1]
            await s.commit()
        async with unit_of_work(), p.sessions() as s:  # a write unit: one transaction
            if p.backend == "postgresql":
                first = await _now(s)
                await asyncio.sleep(0.01)
                second = await _now(s)
                assert second[1] == first[1]
            rows = (await s.execute(text("SELECT body FROM marks"))).scalars().all()
        assert rows == ["written by a GET"]
