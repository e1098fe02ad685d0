"""The module's use cases and providers, tested without I/O over an in-memory repository."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from mercato.ports import FakeClock, Page, PageRequest, Scope

from mercato_announcements.metrics import AnnouncementMetricsProvider
from mercato_announcements.model import Announcement, AnnouncementInvalid
from mercato_announcements.services import AnnouncementService
from mercato_announcements.widgets import AnnouncementWidgetProvider


class FakeAnnouncementRepository:
    """The repository protocol over a list."""

    def __init__(self) -> None:
        self.rows: list[Announcement] = []

    async def add(
        self,
        platform_id: int,
        title: str,
        body: str,
        created_at: datetime,
        expires_at: datetime | None,
    ) -> Announcement:
        row = Announcement(len(self.rows) + 1, platform_id, title, body, created_at, expires_at)
        self.rows.append(row)
        return row

    def _active(self, platform_id: int, now: datetime) -> list[Announcement]:
        mine = [a for a in self.rows if a.platform_id == platform_id and a.is_active(now)]
        return sorted(mine, key=lambda a: (a.created_at, a.id), reverse=True)

    async def active_page(
        self, platform_id: int, now: datetime, request: PageRequest
    ) -> Page[Announcement]:
        found = [
            a for a in self._active(platform_id, now) if request.search.lower() in a.title.lower()
        ]
        items = found[request.offset : request.offset + request.size]
        return Page(items, len(found), request.page, request.size)

    async def count_active(self, platform_id: int, now: datetime) -> int:
        return len(self._active(platform_id, now))

    async def delete_expired(self, now: datetime) -> int:
        before = len(self.rows)
        self.rows = [a for a in self.rows if a.is_active(now)]
        return before - len(self.rows)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def service(clock: FakeClock) -> AnnouncementService:
    return AnnouncementService(FakeAnnouncementRepository(), clock)


async def test_an_announcement_is_listed_until_it_expires(
    service: AnnouncementService, clock: FakeClock
) -> None:
    posted = await service.post(1, "  Maintenance ", "Sunday", clock.now() + timedelta(hours=1))
    assert posted.title == "Maintenance"
    assert [a.id for a in (await service.page(1, PageRequest())).items] == [posted.id]
    clock.advance(timedelta(hours=1))
    assert (await service.page(1, PageRequest())).total == 0


async def test_expiring_deletes_only_what_has_expired(
    service: AnnouncementService, clock: FakeClock
) -> None:
    await service.post(1, "soon", expires_at=clock.now() + timedelta(minutes=5))
    await service.post(2, "other platform", expires_at=clock.now() + timedelta(minutes=5))
    await service.post(1, "forever")
    clock.advance(timedelta(hours=1))
    assert await service.expire_old() == 2
    assert await service.count_active(1) == 1


@pytest.mark.parametrize(
    ("title", "expires_in", "message"),
    [
        ("   ", None, "needs a title"),
        ("x" * 201, None, "longer than 200"),
        ("Old news", timedelta(seconds=-1), "must be in the future"),
    ],
)
async def test_an_invalid_announcement_is_refused(
    service: AnnouncementService,
    clock: FakeClock,
    title: str,
    expires_in: timedelta | None,
    message: str,
) -> None:
    expires = None if expires_in is None else clock.now() + expires_in
    with pytest.raises(AnnouncementInvalid, match=message):
        await service.post(1, title, expires_at=expires)


async def test_a_naive_expiry_is_refused(service: AnnouncementService, clock: FakeClock) -> None:
    with pytest.raises(AnnouncementInvalid, match="time zone"):
        await service.post(
            1, "x", expires_at=(clock.now() + timedelta(days=1)).replace(tzinfo=None)
        )


async def test_the_dashboard_providers_count_and_list_the_platform_only(
    service: AnnouncementService,
) -> None:
    await service.post(1, "mine")
    await service.post(2, "theirs")
    scope = Scope(1, "acme")
    (metric,) = await AnnouncementMetricsProvider(service).metrics(scope)
    assert (metric.key, metric.value) == ("announcements.active", 1)
    (widget,) = await AnnouncementWidgetProvider(service).widgets(scope)
    assert [i.title for i in widget.items] == ["mine"]
    assert await AnnouncementMetricsProvider(service).metrics(Scope(1, "acme", 7)) == ()
