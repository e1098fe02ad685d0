"""Tenancy's dashboard numbers and widget, and the hourly purge of what can no longer be used."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mercato.domain.tenancy.model import VendorStatus
from mercato.ports.scope import Scope
from mercato.ports.widgets import ListWidget
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit


@pytest.fixture
def kit() -> TenancyKit:
    return tenancy_kit()


async def _values(kit: TenancyKit, scope: Scope) -> dict[str, int | float]:
    return {m.key: m.value for m in await kit.metrics.metrics(scope)}


async def test_platform_metrics_count_the_platforms_vendors_people_and_domains(
    kit: TenancyKit,
) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    acme = await kit.seed_vendor("acme", north, south)
    globex = await kit.seed_vendor("globex", north)
    initech = await kit.seed_vendor("initech", south)
    await kit.vendors.set_status(globex.id, north, VendorStatus.SUSPENDED)
    await kit.seed_member(acme.id, "olive", "owner")
    await kit.seed_member(globex.id, "gina", "owner")
    await kit.seed_member(initech.id, "ivan", "owner")
    operator = await kit.seed_user("operator")
    await kit.identity.grant_admin(operator.id, north)
    verified = await kit.domains.add(acme.id, "acme.example.com")
    await kit.domains.mark_verified(acme.id, verified.id)
    await kit.domains.add(globex.id, "globex.example.com")
    await kit.domains.add(initech.id, "initech.example.com")

    values = await _values(kit, Scope(north, "north"))

    assert values == {
        "tenancy.vendors.active": 1,
        "tenancy.vendors.suspended": 1,
        "tenancy.users": 3,
        "tenancy.team_members": 2,
        "tenancy.domains.verified": 1,
        "tenancy.domains.pending": 1,
    }


async def test_a_vendor_on_two_platforms_counts_once_on_each(kit: TenancyKit) -> None:
    north = await kit.seed_platform("north")
    south = await kit.seed_platform("south")
    await kit.seed_vendor("acme", north, south)

    on_north = await _values(kit, Scope(north, "north"))
    on_south = await _values(kit, Scope(south, "south"))

    assert on_north["tenancy.vendors.active"] == on_south["tenancy.vendors.active"] == 1


async def test_vendor_metrics_count_only_the_vendors_own_team_and_domains(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    globex = await kit.seed_vendor("globex", pid)
    await kit.seed_member(acme.id, "olive", "owner")
    await kit.seed_member(acme.id, "sam", "staff")
    await kit.seed_member(globex.id, "gina", "owner")
    first = await kit.domains.add(acme.id, "acme.example.com")
    await kit.domains.mark_verified(acme.id, first.id)
    await kit.domains.add(acme.id, "www.acme.example.com")
    await kit.domains.add(globex.id, "globex.example.com")

    values = await _values(kit, Scope(pid, "north", vendor_id=acme.id))

    assert values == {
        "tenancy.team_members": 2,
        "tenancy.domains.verified": 1,
        "tenancy.domains.pending": 1,
    }


async def test_the_recent_vendors_widget_lists_the_latest_joiners_up_to_its_limit(
    kit: TenancyKit,
) -> None:
    pid = await kit.seed_platform()
    for slug in ("acme", "globex", "initech"):
        await kit.seed_vendor(slug, pid)
    await kit.seed_vendor("elsewhere")

    [widget] = await kit.widgets.widgets(Scope(pid, "north"))

    assert isinstance(widget, ListWidget)
    assert widget.key == "recent_vendors"
    assert [(i.title, i.subtitle, i.url) for i in widget.items] == [
        ("Initech", "initech", "/admin/vendors/initech"),
        ("Globex", "globex", "/admin/vendors/globex"),
    ]


async def test_the_recent_vendors_widget_is_empty_on_a_new_platform(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()

    [widget] = await kit.widgets.widgets(Scope(pid, "north"))

    assert isinstance(widget, ListWidget)
    assert widget.items == ()


async def test_the_recent_vendors_widget_is_not_on_vendor_dashboards(kit: TenancyKit) -> None:
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)

    assert await kit.widgets.widgets(Scope(pid, "north", vendor_id=acme.id)) == ()


async def test_housekeeping_purges_stale_invitations_spent_resets_and_old_failures(
    kit: TenancyKit,
) -> None:
    acme = await kit.seed_vendor("acme")
    await kit.seed_user("alice")
    await kit.teams.invite(acme.id, "old@example.com", "staff", None, "/accept")
    await kit.passwords.request_reset("alice@example.com", "/reset", "192.0.2.9")
    await kit.deliver()
    await kit.throttle.failed("alice@example.com", "192.0.2.1")
    kit.clock.advance(timedelta(days=37, seconds=1))
    await kit.teams.invite(acme.id, "new@example.com", "staff", None, "/accept")
    await kit.passwords.request_reset("alice@example.com", "/reset", "192.0.2.9")
    await kit.deliver()
    await kit.throttle.failed("alice@example.com", "192.0.2.1")

    purged = await kit.housekeeping.purge_expired()

    assert purged == {"invitations": 1, "password_resets": 1, "login_attempts": 3 + 3}
    assert [i.email for i in await kit.teams.invitations(acme.id)] == ["new@example.com"]
    assert len(kit.repos.state.resets) == 1
    assert len(kit.repos.state.attempts) == 3 + 3


async def test_housekeeping_keeps_invitations_expired_for_less_than_thirty_days(
    kit: TenancyKit,
) -> None:
    acme = await kit.seed_vendor("acme")
    await kit.teams.invite(acme.id, "bob@example.com", "staff", None, "/accept")
    kit.clock.advance(timedelta(days=7 + 29))

    purged = await kit.housekeeping.purge_expired()

    assert purged["invitations"] == 0
    assert len(await kit.teams.invitations(acme.id)) == 1
