"""Tenancy's repository contracts, each run against the in-memory fakes and the SQLAlchemy
repositories on SQLite and PostgreSQL: the fakes behave like the real ones."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from mercato.adapters.db.engine import create_engine, create_session_factory
from mercato.adapters.tenancy.repositories import SqlAlchemyPlatformRepository
from mercato.adapters.tenancy.repositories_identity import (
    SqlAlchemyAttemptLog,
    SqlAlchemyPasswordResetRepository,
    SqlAlchemyTokenRepository,
    SqlAlchemyUserRepository,
)
from mercato.adapters.tenancy.repositories_teams import SqlAlchemyTeamRepository
from mercato.adapters.tenancy.repositories_vendors import (
    SqlAlchemyCompanyRepository,
    SqlAlchemyVendorRepository,
)
from mercato.domain.tenancy.model import PlatformCodeTaken, VendorStatus
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.pagination import PageRequest
from tests.support.tenancy_fakes import InMemoryTenancy

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize(
        ("backend", "database_url"),
        [
            pytest.param("fake", "sqlite", id="fake"),
            pytest.param("sqlalchemy", "sqlite", id="sqlite"),
            pytest.param("sqlalchemy", "postgres", id="postgres", marks=pytest.mark.postgres),
        ],
        indirect=True,
    ),
]

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ACTIVE, SUSPENDED = VendorStatus.ACTIVE, VendorStatus.SUSPENDED


@dataclass
class Repos:
    """One backend's tenancy repositories (the attribute names of ``InMemoryTenancy``)."""

    platforms: Any
    companies: Any
    vendors: Any
    users: Any
    teams: Any
    tokens: Any
    attempts: Any
    resets: Any


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``fake`` or ``sqlalchemy``."""
    return str(request.param)


@pytest.fixture
def store_url(backend: str, database_url: str, request: pytest.FixtureRequest) -> str | None:
    """The migrated database of the SQLAlchemy runs; the fakes' runs migrate nothing (their
    ``database_url`` is an unused SQLite file name)."""
    return None if backend == "fake" else str(request.getfixturevalue("migrated_url"))


@pytest.fixture
async def repos(store_url: str | None) -> AsyncIterator[Repos]:
    if store_url is None:
        fake = InMemoryTenancy()
        yield Repos(**{k: getattr(fake, k) for k in Repos.__dataclass_fields__})
        return
    engine = create_engine(store_url)
    s = create_session_factory(engine)
    try:
        yield Repos(
            SqlAlchemyPlatformRepository(s),
            SqlAlchemyCompanyRepository(s),
            SqlAlchemyVendorRepository(s),
            SqlAlchemyUserRepository(s),
            SqlAlchemyTeamRepository(s),
            SqlAlchemyTokenRepository(s),
            SqlAlchemyAttemptLog(s),
            SqlAlchemyPasswordResetRepository(s),
        )
    finally:
        await engine.dispose()


async def _vendor(r: Repos, slug: str, *platform_ids: int, status: VendorStatus = ACTIVE) -> int:
    company = await r.companies.by_name("Holdings") or await r.companies.add("Holdings", "")
    vendor = await r.vendors.add(slug, slug.title(), company.id)
    for pid in platform_ids:
        await r.vendors.set_platform(vendor.id, pid, status)
    return int(vendor.id)


async def _user(r: Repos, name: str) -> int:
    return int((await r.users.add(f"{name}@example.com", name.title(), "hash")).id)


# -- uniqueness ------------------------------------------------------------------------------


async def test_a_company_name_is_taken_once(repos: Repos) -> None:
    acme = await repos.companies.add("Acme Ltd", "HRB 1")
    with pytest.raises(Conflict) as refused:
        await repos.companies.add("Acme Ltd", "HRB 2")
    assert refused.value.field == "name"
    assert await repos.companies.by_id(acme.id) == acme
    assert await repos.companies.by_name("Acme Ltd") == acme
    assert await repos.companies.by_name("acme ltd") is None
    assert await repos.companies.by_id(acme.id + 100) is None


async def test_a_vendor_slug_is_taken_once_and_its_company_must_exist(repos: Repos) -> None:
    company = await repos.companies.add("Holdings", "")
    acme = await repos.vendors.add("acme", "Acme", company.id)
    with pytest.raises(Conflict) as refused:
        await repos.vendors.add("acme", "Acme again", company.id)
    assert refused.value.field == "slug"
    with pytest.raises(NotFound):
        await repos.vendors.add("globex", "Globex", company.id + 100)
    assert await repos.vendors.by_slug("acme") == acme == await repos.vendors.by_id(acme.id)
    assert await repos.vendors.by_slug("globex") is None


async def test_a_domain_is_claimed_once_per_vendor_and_verified_for_one_only(
    repos: Repos,
) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    mine = await repos.vendors.add_domain(acme, "shop.example", "token-1")
    with pytest.raises(Conflict) as refused:
        await repos.vendors.add_domain(acme, "shop.example", "token-2")
    assert refused.value.field == "domain"
    theirs = await repos.vendors.add_domain(globex, "shop.example", "token-3")
    await repos.vendors.update_domain(globex, theirs.id, verified=True)
    with pytest.raises(Conflict, match="verified for another vendor"):
        await repos.vendors.update_domain(acme, mine.id, verified=True)
    with pytest.raises(NotFound):
        await repos.vendors.add_domain(globex + 100, "other.example", "token-4")
    found = await repos.vendors.by_domain("shop.example")
    assert found is not None and found[0].slug == "globex"
    assert [d.verified for d in await repos.vendors.domains(acme)] == [False]


async def test_an_address_holds_one_unaccepted_invitation_per_vendor(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    first = await repos.teams.add_invitation(acme, "bo@example.com", "staff", "h1", T0, None)
    with pytest.raises(Conflict, match="open invitation") as refused:
        await repos.teams.add_invitation(acme, "bo@example.com", "viewer", "h2", T0, None)
    assert refused.value.field == "email"
    await repos.teams.add_invitation(globex, "bo@example.com", "staff", "h3", T0, None)
    await repos.teams.drop_expired_invitation(acme, "bo@example.com", T0 - timedelta(days=1))
    assert [i.id for i in await repos.teams.invitations(acme)] == [first.id]  # not expired yet
    await repos.teams.drop_expired_invitation(acme, "bo@example.com", T0)
    again = await repos.teams.add_invitation(acme, "bo@example.com", "viewer", "h4", T0, None)
    assert [i.id for i in await repos.teams.invitations(acme)] == [again.id]
    assert await repos.teams.accept_invitation(again.id, T0 - timedelta(days=1))
    await repos.teams.add_invitation(acme, "bo@example.com", "staff", "h5", T0, None)


async def test_of_concurrent_invitations_of_one_address_exactly_one_is_stored(
    repos: Repos,
) -> None:
    acme = await _vendor(repos, "acme")
    results = await asyncio.gather(
        *(
            repos.teams.add_invitation(acme, "bo@example.com", "staff", f"h{i}", T0, None)
            for i in range(6)
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, Conflict) for r in results) == 5
    assert len(await repos.teams.invitations(acme)) == 1


async def test_an_email_is_taken_once_and_kept_lower_case(repos: Repos) -> None:
    ada = await repos.users.add("Ada@Example.COM", "Ada", "hash")
    assert ada.email == "ada@example.com" and ada.is_active
    with pytest.raises(Conflict) as refused:
        await repos.users.add("ada@example.com", "Another Ada", "hash")
    assert refused.value.field == "email"
    assert await repos.users.by_email("ADA@example.com") == ada == await repos.users.by_id(ada.id)
    await repos.users.set_password(ada.id, "new-hash")
    await repos.users.set_active(ada.id, False)
    changed = await repos.users.by_id(ada.id)
    assert (changed.password_hash, changed.is_active) == ("new-hash", False)
    for change in (repos.users.set_password(999, "x"), repos.users.set_active(999, True)):
        with pytest.raises(NotFound):
            await change


async def test_a_role_name_is_taken_once_per_vendor(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    editor = await repos.teams.add_role(acme, "Editor", frozenset({"catalog.edit"}))
    await repos.teams.add_role(globex, "Editor", frozenset())  # another vendor: fine
    with pytest.raises(Conflict) as refused:
        await repos.teams.add_role(acme, "Editor", frozenset())
    assert refused.value.field == "name"
    packer = await repos.teams.add_role(acme, "packer", frozenset({"orders.view"}))
    with pytest.raises(Conflict):
        await repos.teams.update_role(acme, packer.id, "Editor", frozenset())
    renamed = await repos.teams.update_role(acme, packer.id, "Packer", frozenset({"a", "b"}))
    assert renamed.permissions == frozenset({"a", "b"}) and renamed.name == "Packer"
    assert [r.name for r in await repos.teams.roles(acme)] == ["Editor", "Packer"]
    assert await repos.teams.role(acme, editor.id) == editor
    with pytest.raises(NotFound):
        await repos.teams.add_role(globex + 100, "Ghost", frozenset())


async def test_an_admin_grant_is_held_once_the_super_admin_grant_included(repos: Repos) -> None:
    north = (await repos.platforms.add("north", "North", [])).id
    ada = await _user(repos, "ada")
    await repos.users.grant_admin(ada, north)
    await repos.users.grant_admin(ada, None)
    for platform_id in (None, north):
        with pytest.raises(Conflict):
            await repos.users.grant_admin(ada, platform_id)
    grants = await repos.users.admin_roles(ada)
    assert [(g.platform_id, g.is_super_admin) for g in grants] == [(None, True), (north, False)]
    await repos.users.revoke_admin(ada, None)
    with pytest.raises(NotFound):
        await repos.users.revoke_admin(ada, None)
    await repos.users.grant_admin(ada, None)  # granted again after the revoke
    with pytest.raises(NotFound):
        await repos.users.grant_admin(ada, north + 100)
    with pytest.raises(NotFound):
        await repos.users.grant_admin(ada + 100, None)


async def test_admins_lists_every_grant_with_its_user(repos: Repos) -> None:
    north = (await repos.platforms.add("north", "North", [])).id
    zoe, ada = await _user(repos, "zoe"), await _user(repos, "ada")
    await repos.users.grant_admin(zoe, None)
    await repos.users.grant_admin(ada, north)
    await repos.users.grant_admin(ada, None)
    listed = [(u.email, g.platform_id) for u, g in await repos.users.admins()]
    assert listed == [
        ("ada@example.com", None),
        ("ada@example.com", north),
        ("zoe@example.com", None),
    ]


# -- vendor scoping --------------------------------------------------------------------------


async def test_domain_methods_refuse_another_vendors_domain(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    theirs = await repos.vendors.add_domain(globex, "globex.example", "t")
    with pytest.raises(NotFound):
        await repos.vendors.update_domain(acme, theirs.id, verified=True)
    with pytest.raises(NotFound):
        await repos.vendors.update_domain(acme, theirs.id, primary=True)
    with pytest.raises(NotFound):
        await repos.vendors.remove_domain(acme, theirs.id)
    assert await repos.vendors.domains(globex) == [theirs]  # untouched
    await repos.vendors.remove_domain(globex, theirs.id)
    assert await repos.vendors.domains(globex) == []


async def test_role_methods_refuse_another_vendors_role(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    theirs = await repos.teams.add_role(globex, "Editor", frozenset({"x"}))
    assert await repos.teams.role(acme, theirs.id) is None
    assert await repos.teams.roles(acme) == []
    with pytest.raises(NotFound):
        await repos.teams.update_role(acme, theirs.id, "Mine now", frozenset())
    with pytest.raises(NotFound):
        await repos.teams.remove_role(acme, theirs.id)
    assert await repos.teams.role(globex, theirs.id) == theirs
    await repos.teams.remove_role(globex, theirs.id)
    assert await repos.teams.role(globex, theirs.id) is None


async def test_members_are_kept_per_vendor(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    zoe, ada = await _user(repos, "zoe"), await _user(repos, "ada")
    first = await repos.teams.set_member(acme, zoe, "staff")
    await repos.teams.set_member(acme, ada, "owner")
    await repos.teams.set_member(globex, zoe, "owner")
    promoted = await repos.teams.set_member(acme, zoe, "manager")
    assert (promoted.role, promoted.created_at) == ("manager", first.created_at)
    team = [(m.role, u.email) for m, u in await repos.teams.members(acme)]
    assert team == [("owner", "ada@example.com"), ("manager", "zoe@example.com")]
    assert [m.vendor_id for m in await repos.teams.memberships_of(zoe)] == [acme, globex]
    assert await repos.teams.membership(globex, ada) is None
    with pytest.raises(NotFound):
        await repos.teams.remove_member(globex, ada)
    await repos.teams.set_member(acme, zoe, "owner")  # ada is not the last owner any more
    await repos.teams.remove_member(acme, ada)
    assert await repos.teams.membership(acme, ada) is None
    with pytest.raises(NotFound):
        await repos.teams.set_member(acme, ada + 100, "staff")


async def test_the_last_owner_is_neither_demoted_nor_removed(repos: Repos) -> None:
    acme = await _vendor(repos, "acme")
    ada, zoe = await _user(repos, "ada"), await _user(repos, "zoe")
    await repos.teams.set_member(acme, ada, "owner")
    await repos.teams.set_member(acme, zoe, "staff")  # a vendor's first owner comes any time
    for change in (
        repos.teams.set_member(acme, ada, "manager"),
        repos.teams.remove_member(acme, ada),
    ):
        with pytest.raises(Conflict):
            await change
    assert [(m.role, u.id) for m, u in await repos.teams.members(acme)] == [
        ("owner", ada),
        ("staff", zoe),
    ]
    await repos.teams.set_member(acme, zoe, "owner")
    await repos.teams.remove_member(acme, ada)
    assert [m.role for m, _ in await repos.teams.members(acme)] == ["owner"]


async def test_invitations_are_kept_per_vendor(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    ada = await _user(repos, "ada")
    older = await repos.teams.add_invitation(acme, "bo@example.com", "staff", "h1", T0, ada)
    newer = await repos.teams.add_invitation(acme, "cy@example.com", "staff", "h2", T0, None)
    theirs = await repos.teams.add_invitation(globex, "di@example.com", "staff", "h3", T0, None)
    with pytest.raises(Conflict):
        await repos.teams.add_invitation(acme, "ed@example.com", "staff", "h1", T0, None)
    assert [i.id for i in await repos.teams.invitations(acme)] == [newer.id, older.id]
    assert await repos.teams.invitation_by_token("h3") == theirs
    with pytest.raises(NotFound):
        await repos.teams.revoke_invitation(acme, theirs.id)
    await repos.teams.revoke_invitation(globex, theirs.id)
    assert await repos.teams.invitations(globex) == []
    assert await repos.teams.accept_invitation(older.id, T0 - timedelta(days=1))
    with pytest.raises(NotFound):  # an accepted invitation is not open any more
        await repos.teams.revoke_invitation(acme, older.id)


# -- domains: one primary per vendor ---------------------------------------------------------


async def test_a_vendor_has_one_primary_domain(repos: Repos) -> None:
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    first = await repos.vendors.add_domain(acme, "b.example", "t1")
    second = await repos.vendors.add_domain(acme, "a.example", "t2")
    other = await repos.vendors.add_domain(globex, "c.example", "t3")
    assert not first.is_primary and not first.verified
    await repos.vendors.update_domain(acme, first.id, primary=True)
    await repos.vendors.update_domain(globex, other.id, primary=True)
    made = await repos.vendors.update_domain(acme, second.id, primary=True)
    assert made.is_primary
    listed = [(d.domain, d.is_primary) for d in await repos.vendors.domains(acme)]
    assert listed == [("a.example", True), ("b.example", False)]
    assert (await repos.vendors.domains(globex))[0].is_primary  # the other vendor's stays
    unchanged = await repos.vendors.update_domain(acme, second.id)
    assert unchanged == made


async def test_a_domain_serves_its_vendor_once_verified(repos: Repos) -> None:
    acme = await _vendor(repos, "acme")
    domain = await repos.vendors.add_domain(acme, "shop.example", "t")
    assert await repos.vendors.by_domain("shop.example") is None
    verified = await repos.vendors.update_domain(acme, domain.id, verified=True)
    found = await repos.vendors.by_domain("shop.example")
    assert found is not None and found[0].slug == "acme" and found[1] == verified
    assert await repos.vendors.by_domain("elsewhere.example") is None


# -- counts per platform through vendor_platforms --------------------------------------------


async def test_vendors_are_counted_once_on_each_of_their_platforms(repos: Repos) -> None:
    ids = [(await repos.platforms.add(c, c.title(), [])).id for c in ("north", "south", "west")]
    north, south, west = ids
    acme = await _vendor(repos, "acme", *ids)
    globex = await _vendor(repos, "globex", north)
    await repos.vendors.set_platform(globex, north, SUSPENDED)
    await _vendor(repos, "initech")  # on no platform
    assert await repos.vendors.count_on_platform(north) == {ACTIVE: 1, SUSPENDED: 1}
    assert await repos.vendors.count_on_platform(south) == {ACTIVE: 1, SUSPENDED: 0}
    assert [m.platform_id for m in await repos.vendors.platforms_of(acme)] == ids
    on = await repos.vendors.on_platform(globex, north)
    assert on is not None and on.status is SUSPENDED
    assert await repos.vendors.on_platform(globex, south) is None
    assert [v.slug for v in await repos.vendors.recent_on_platform(north, 5)] == [
        "globex",
        "acme",
    ]
    assert [v.slug for v in await repos.vendors.recent_on_platform(north, 1)] == ["globex"]
    assert (await repos.vendors.page(PageRequest(), [west])).total == 1
    with pytest.raises(NotFound):
        await repos.vendors.set_platform(acme, west + 100, ACTIVE)


async def test_domains_members_and_users_are_counted_per_platform(repos: Repos) -> None:
    north, south = [(await repos.platforms.add(c, c, [])).id for c in ("north", "south")]
    acme = await _vendor(repos, "acme", north, south)
    globex = await _vendor(repos, "globex", north)
    verified = await repos.vendors.add_domain(acme, "acme.example", "t")
    await repos.vendors.update_domain(acme, verified.id, verified=True)
    await repos.vendors.add_domain(acme, "acme2.example", "t")
    await repos.vendors.add_domain(globex, "globex.example", "t")
    assert await repos.vendors.count_domains_on_platform(north) == (1, 2)
    assert await repos.vendors.count_domains_on_platform(south) == (1, 1)
    ada, bo, cy, di = [await _user(repos, n) for n in ("ada", "bo", "cy", "di")]
    await repos.teams.set_member(acme, ada, "owner")
    await repos.teams.set_member(globex, ada, "owner")  # one user, two teams on north
    await repos.teams.set_member(globex, bo, "staff")
    await repos.users.grant_admin(cy, south)
    await repos.users.grant_admin(di, None)
    await _user(repos, "ed")  # on no team
    assert await repos.teams.count_on_platform(north) == 3
    assert await repos.teams.count_on_platform(south) == 1
    assert await repos.users.count_on_platform(north) == 3  # ada, bo and the super admin
    assert await repos.users.count_on_platform(south) == 3  # ada, cy and the super admin


# -- single use ------------------------------------------------------------------------------


async def test_an_invitation_is_accepted_once_and_not_after_it_expires(repos: Repos) -> None:
    acme = await _vendor(repos, "acme")
    expires = T0 + timedelta(days=7)
    invitation = await repos.teams.add_invitation(
        acme, "a@example.com", "staff", "h", expires, None
    )
    assert invitation.expires_at == expires and invitation.accepted_at is None
    assert await repos.teams.accept_invitation(invitation.id, T0)
    assert not await repos.teams.accept_invitation(invitation.id, T0)
    assert (await repos.teams.invitation_by_token("h")).accepted_at == T0  # type: ignore[union-attr]
    late = await repos.teams.add_invitation(acme, "b@example.com", "staff", "h2", expires, None)
    assert not await repos.teams.accept_invitation(late.id, expires)
    assert not await repos.teams.accept_invitation(late.id + 100, T0)


async def test_of_concurrent_accepts_exactly_one_wins(repos: Repos) -> None:
    acme = await _vendor(repos, "acme")
    expires = T0 + timedelta(days=7)
    invitation = await repos.teams.add_invitation(
        acme, "a@example.com", "staff", "h", expires, None
    )
    results = await asyncio.gather(
        *(repos.teams.accept_invitation(invitation.id, T0 + timedelta(seconds=i)) for i in range(6))
    )
    assert sorted(results) == [False] * 5 + [True]


async def test_a_reset_token_is_consumed_once_and_not_after_it_expires(repos: Repos) -> None:
    ada = await _user(repos, "ada")
    await repos.resets.add(ada, "r1", T0 + timedelta(hours=1))
    with pytest.raises(Conflict):
        await repos.resets.add(ada, "r1", T0 + timedelta(hours=1))
    with pytest.raises(NotFound):
        await repos.resets.add(ada + 100, "r2", T0)
    assert await repos.resets.consume("r1", T0) == ada
    assert await repos.resets.consume("r1", T0) is None
    await repos.resets.add(ada, "r3", T0 + timedelta(hours=1))
    assert await repos.resets.consume("r3", T0 + timedelta(hours=1)) is None  # expired
    assert await repos.resets.consume("unknown", T0) is None
    await repos.resets.add(ada, "r4", T0 + timedelta(hours=2))
    assert await repos.resets.purge(T0 + timedelta(hours=1)) == 2  # r1 used, r3 expired
    assert await repos.resets.consume("r4", T0) == ada


async def test_a_new_invitation_token_replaces_the_old_one_while_the_invitation_is_open(
    repos: Repos,
) -> None:
    acme = await _vendor(repos, "acme")
    expires = T0 + timedelta(days=7)
    invitation = await repos.teams.add_invitation(
        acme, "a@example.com", "staff", "h", expires, None
    )

    renewed = await repos.teams.set_invitation_token(invitation.id, "h2", T0)

    assert renewed is not None and renewed.id == invitation.id and renewed.token_hash == "h2"
    assert await repos.teams.invitation_by_token("h") is None
    assert await repos.teams.set_invitation_token(invitation.id, "h3", expires) is None  # expired
    assert await repos.teams.accept_invitation(invitation.id, T0)
    assert await repos.teams.set_invitation_token(invitation.id, "h4", T0) is None  # accepted
    assert await repos.teams.set_invitation_token(invitation.id + 100, "h5", T0) is None
    assert (await repos.teams.invitation_by_token("h2")) is not None


async def test_voiding_a_users_reset_tokens_spares_other_users(repos: Repos) -> None:
    ada, bob = await _user(repos, "ada"), await _user(repos, "bob")
    for user, token in ((ada, "a1"), (ada, "a2"), (bob, "b1")):
        await repos.resets.add(user, token, T0 + timedelta(hours=1))
    assert await repos.resets.consume("a1", T0) == ada

    assert await repos.resets.void_of_user(ada, T0) == 1  # a2; a1 was used already

    assert await repos.resets.consume("a2", T0) is None
    assert await repos.resets.consume("b1", T0) == bob


async def test_of_concurrent_consumes_exactly_one_wins(repos: Repos) -> None:
    ada = await _user(repos, "ada")
    await repos.resets.add(ada, "r1", T0 + timedelta(hours=1))
    results = await asyncio.gather(*(repos.resets.consume("r1", T0) for _ in range(6)))
    assert sorted(results, key=lambda r: r is not None) == [None] * 5 + [ada]


async def test_expired_invitations_are_purged_and_accepted_ones_kept(repos: Repos) -> None:
    acme = await _vendor(repos, "acme")
    add = repos.teams.add_invitation
    await add(acme, "a@example.com", "staff", "h1", T0 - timedelta(days=40), None)
    accepted = await add(acme, "b@example.com", "staff", "h2", T0 - timedelta(days=40), None)
    await repos.teams.accept_invitation(accepted.id, T0 - timedelta(days=45))
    await add(acme, "c@example.com", "staff", "h3", T0, None)
    assert await repos.teams.purge_invitations(T0 - timedelta(days=30)) == 1
    assert {i.token_hash for i in await repos.teams.invitations(acme)} == {"h2", "h3"}


# -- API tokens ------------------------------------------------------------------------------


async def test_a_token_is_revoked_only_by_its_owner_or_its_vendor(repos: Repos) -> None:
    north = (await repos.platforms.add("north", "North", [])).id
    acme, globex = await _vendor(repos, "acme"), await _vendor(repos, "globex")
    ada, bo = await _user(repos, "ada"), await _user(repos, "bo")
    token = await repos.tokens.add(ada, "ci", "mrc_abc", "th1", acme, None)
    other = await repos.tokens.add(ada, "admin", "mrc_def", "th2", None, north)
    with pytest.raises(Conflict):
        await repos.tokens.add(bo, "again", "mrc_x", "th1", acme, None)
    with pytest.raises(NotFound):
        await repos.tokens.add(bo, "ghost", "mrc_y", "th9", acme + 100, None)
    assert not await repos.tokens.revoke(token.id, bo, None, T0)
    assert not await repos.tokens.revoke(token.id, None, globex, T0)
    assert not await repos.tokens.revoke(token.id, None, None, T0)
    assert not await repos.tokens.revoke(token.id + 100, ada, None, T0)
    assert not (await repos.tokens.by_hash("th1")).is_revoked  # type: ignore[union-attr]
    assert await repos.tokens.revoke(token.id, None, acme, T0)
    assert await repos.tokens.revoke(token.id, ada, None, T0 + timedelta(hours=1))
    assert (await repos.tokens.by_hash("th1")).revoked_at == T0  # type: ignore[union-attr]
    assert await repos.tokens.revoke(other.id, ada, None, T0)
    assert [t.id for t in await repos.tokens.of_user(ada)] == [other.id, token.id]
    assert [t.id for t in await repos.tokens.of_vendor(acme)] == [token.id]
    assert await repos.tokens.of_vendor(globex) == []
    await repos.tokens.touch(token.id, T0 + timedelta(minutes=5))
    used = await repos.tokens.by_hash("th1")
    assert used is not None and used.last_used_at == T0 + timedelta(minutes=5)
    assert await repos.tokens.by_hash("unknown") is None


# -- sign-in attempts ------------------------------------------------------------------------


async def test_attempts_are_counted_within_the_window(repos: Repos) -> None:
    log = repos.attempts
    for minutes in (0, 5, 10):
        await log.record(
            ["account:ada@example.com", "address:10.0.0.1"], T0 + timedelta(minutes=minutes)
        )
    await log.record(["address:10.0.0.1"], T0 + timedelta(minutes=11))
    await log.record([], T0)
    key = "account:ada@example.com"
    assert await log.count_since(key, T0) == 3
    assert await log.count_since(key, T0 + timedelta(minutes=5)) == 2  # the boundary counts
    assert await log.count_since(key, T0 + timedelta(minutes=6)) == 1
    assert await log.count_since("address:10.0.0.1", T0 + timedelta(minutes=1)) == 3
    assert await log.oldest_since(key, T0 + timedelta(minutes=1)) == T0 + timedelta(minutes=5)
    assert await log.oldest_since(key, T0 + timedelta(hours=1)) is None
    await log.clear(key)
    assert await log.count_since(key, T0) == 0
    assert await log.count_since("address:10.0.0.1", T0) == 4
    assert await log.purge_before(T0 + timedelta(minutes=10)) == 2
    assert await log.count_since("address:10.0.0.1", T0) == 2


async def test_an_admission_records_under_every_key_or_under_none(repos: Repos) -> None:
    log = repos.attempts
    limits = [("pair:x", 2), ("address:10.0.0.9", 3)]
    first = await log.admit(limits, T0, T0 + timedelta(minutes=1))
    second = await log.admit(limits, T0, T0 + timedelta(minutes=2))
    assert len(first.ids) == 2 and len(second.ids) == 2 and first.refused is None
    refused = await log.admit(limits, T0, T0 + timedelta(minutes=3))
    assert (refused.ids, refused.refused) == ((), "pair:x")  # the pair is at its limit
    assert refused.oldest == T0 + timedelta(minutes=1)
    assert await log.count_since("address:10.0.0.9", T0) == 2  # nothing of the refused one
    await log.forget(second.ids)  # a success is no failure
    assert await log.count_since("pair:x", T0) == 1
    assert (await log.admit(limits, T0, T0 + timedelta(minutes=4))).refused is None


async def test_timestamps_come_back_aware_in_utc(repos: Repos) -> None:
    plus_two = timezone(timedelta(hours=2))
    local = datetime(2026, 3, 1, 14, 0, tzinfo=plus_two)  # 12:00 UTC
    log = repos.attempts
    await log.record(["k"], local)
    oldest = await log.oldest_since("k", T0 - timedelta(seconds=1))
    assert oldest == T0 and oldest.utcoffset() == timedelta(0)
    assert await log.count_since("k", datetime(2026, 3, 1, 13, 59, tzinfo=plus_two)) == 1
    acme = await _vendor(repos, "acme")
    invitation = await repos.teams.add_invitation(acme, "a@example.com", "staff", "h", local, None)
    assert invitation.expires_at == T0 and invitation.expires_at.utcoffset() == timedelta(0)
    company = await repos.companies.by_name("Holdings")
    assert company.created_at.utcoffset() == timedelta(0)
    assert not await repos.teams.accept_invitation(invitation.id, T0)  # expired at 12:00 UTC


# -- platforms -------------------------------------------------------------------------------


async def test_a_platform_is_renamed_and_its_domains_replaced(repos: Repos) -> None:
    north = await repos.platforms.add("north", "North", ["north.example", "n.example"])
    await repos.platforms.add("south", "South", ["south.example"])
    updated = await repos.platforms.update(north.id, "North Market", ["north.example", "x.example"])
    assert (updated.code, updated.name, updated.domains) == (
        "north",
        "North Market",
        ("north.example", "x.example"),
    )
    assert await repos.platforms.by_id(north.id) == updated
    assert await repos.platforms.by_domain("n.example") is None
    with pytest.raises(PlatformCodeTaken):
        await repos.platforms.update(north.id, "Taken", ["south.example"])
    assert await repos.platforms.by_id(north.id) == updated  # nothing half-written
    with pytest.raises(NotFound):
        await repos.platforms.update(north.id + 100, "Ghost", [])
    assert await repos.platforms.by_id(north.id + 100) is None


# -- paging, search and sort -----------------------------------------------------------------


async def test_vendors_are_paged_searched_and_sorted(repos: Repos) -> None:
    for slug, name in (("delta", "delta Goods"), ("alpha", "Zeta Shop"), ("bravo", "beta Shop")):
        await _vendor(repos, slug)
        await repos.vendors.add(f"{slug}-2", name, (await repos.companies.by_name("Holdings")).id)
    page = await repos.vendors.page(PageRequest(page=1, size=4, sort="name"))
    assert page.total == 6 and page.pages == 2
    assert [v.name for v in page.items] == ["Alpha", "beta Shop", "Bravo", "Delta"]
    slugs = await repos.vendors.page(PageRequest(size=3, sort="-slug"))
    assert [v.slug for v in slugs.items] == ["delta-2", "delta", "bravo-2"]
    found = await repos.vendors.page(PageRequest(search="SHOP", sort="-name"))
    assert [v.name for v in found.items] == ["Zeta Shop", "beta Shop"] and found.total == 2
    newest = await repos.vendors.page(PageRequest(size=2, sort="-created_at"))
    assert [v.slug for v in newest.items] == ["bravo-2", "bravo"]
    second = await repos.vendors.page(PageRequest(page=2, size=4))  # default: by name
    assert [v.name for v in second.items] == ["delta Goods", "Zeta Shop"]


async def test_vendors_and_users_are_listed_for_several_platforms(repos: Repos) -> None:
    north = (await repos.platforms.add("north", "North", [])).id
    south = (await repos.platforms.add("south", "South", [])).id
    east = (await repos.platforms.add("east", "East", [])).id
    acme, globex = await _vendor(repos, "acme", north, south), await _vendor(repos, "globex", north)
    await _vendor(repos, "sol", south)
    on = await repos.vendors.page(PageRequest(sort="slug"), [north, east])
    assert [v.slug for v in on.items] == ["acme", "globex"]
    sol_company = await repos.companies.add("Sol Ltd", "")
    await repos.vendors.add("sol-2", "Sol 2", sol_company.id)  # on no platform
    await repos.companies.add("Lonely Ltd", "")  # no vendor at all
    companies = await repos.companies.page(PageRequest(sort="name"), [north])
    assert [c.name for c in companies.items] == ["Holdings", "Lonely Ltd"]
    assert (await repos.vendors.page(PageRequest(), [])).total == 0
    people = {n: await _user(repos, n) for n in ("ann", "bob", "cat", "dan", "eve")}
    await repos.teams.set_member(acme, people["ann"], "owner")
    await repos.teams.set_member(globex, people["bob"], "owner")
    await repos.users.grant_admin(people["cat"], south)
    await repos.users.grant_admin(people["dan"], None)  # every platform: no one platform's
    south_people = await repos.users.page(PageRequest(sort="email"), [south])
    assert [u.email.split("@")[0] for u in south_people.items] == ["ann", "cat", "eve"]
    assert (await repos.users.page(PageRequest())).total == 5


async def test_companies_users_and_platforms_are_paged_searched_and_sorted(repos: Repos) -> None:
    for name in ("globex", "Acme", "initech"):
        await repos.companies.add(name, "")
    companies = await repos.companies.page(PageRequest(size=2))
    assert [c.name for c in companies.items] == ["Acme", "globex"] and companies.total == 3
    latest = await repos.companies.page(PageRequest(sort="-created_at"))
    assert [c.name for c in latest.items] == ["initech", "Acme", "globex"]
    for email, name in (("zed@example.com", "Ann"), ("amy@example.com", "Zoe"), ("bo@x.org", "Bo")):
        await repos.users.add(email, name, "hash")
    by_name = await repos.users.page(PageRequest(sort="display_name"))
    assert [u.display_name for u in by_name.items] == ["Ann", "Bo", "Zoe"]
    found = await repos.users.page(PageRequest(search="EXAMPLE"))
    assert [u.email for u in found.items] == ["amy@example.com", "zed@example.com"]
    for code in ("south", "north", "west"):
        await repos.platforms.add(code, code.upper(), [])
    platforms = await repos.platforms.page(PageRequest(page=2, size=2, sort="-code"))
    assert [p.code for p in platforms.items] == ["north"] and platforms.total == 3
    assert (await repos.platforms.page(PageRequest(search="out"))).items[0].code == "south"


async def test_a_search_matches_wildcards_literally(repos: Repos) -> None:
    await repos.companies.add("100% Organic", "")
    await repos.companies.add("1000 Organic", "")
    await repos.companies.add("snake_case Ltd", "")
    await repos.companies.add("snakeXcase Ltd", "")
    assert [c.name for c in (await repos.companies.page(PageRequest(search="0%"))).items] == [
        "100% Organic"
    ]
    found = await repos.companies.page(PageRequest(search="e_c"))
    assert [c.name for c in found.items] == ["snake_case Ltd"]


@pytest.mark.parametrize("sort", ["password_hash", "-id; drop table users", "-", "registration"])
async def test_an_unknown_sort_field_is_refused(repos: Repos, sort: str) -> None:
    lists = [
        repos.companies.page,
        repos.vendors.page,
        repos.users.page,
        repos.platforms.page,
    ]
    for page in lists:
        with pytest.raises(InvalidInput) as refused:
            await page(PageRequest(sort=sort))
        assert refused.value.field == "sort"


async def test_a_vendor_search_matches_wildcards_and_the_escape_literally(repos: Repos) -> None:
    holdings = (await repos.companies.add("Holdings", "")).id
    for slug, name in (
        ("organic", "100% Organic"),
        ("thousand", "1000 Organic"),
        ("snake", "snake_case Shop"),
        ("camel", "snakeXcase Shop"),
        ("slash", "a/b Goods"),
        ("plain", "ab Goods"),
    ):
        await repos.vendors.add(slug, name, holdings)

    async def names(search: str) -> list[str]:
        return [v.name for v in (await repos.vendors.page(PageRequest(search=search))).items]

    assert await names("0%") == ["100% Organic"]
    assert await names("e_c") == ["snake_case Shop"]
    assert await names("A/B") == ["a/b Goods"]
    assert await names("THOUS") == ["1000 Organic"]  # the slug matches too
