"""Team invitations: e-mailed once, single use, for one address, and they expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from mercato.domain.tenancy.identity import hash_token
from mercato.domain.tenancy.model import Vendor
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from tests.support.tenancy_kit import TenancyKit, tenancy_kit

pytestmark = pytest.mark.unit

LIFETIME = timedelta(days=7)
ACCEPT_URL = "https://north.test/invitations"


@dataclass
class Team:
    kit: TenancyKit
    vendor: Vendor
    owner: int

    async def invite(self, email: str = "bob@example.com", role: str = "staff") -> str:
        return await self.kit.invitation_token(self.vendor.id, email, role, self.owner)

    async def role_of(self, user_id: int) -> str | None:
        found = await self.kit.teams.membership(self.vendor.id, user_id)
        return None if found is None else found.role


@pytest.fixture
async def team() -> Team:
    kit = tenancy_kit()
    pid = await kit.seed_platform()
    acme = await kit.seed_vendor("acme", pid)
    owner = await kit.seed_member(acme.id, "olive", "owner")
    return Team(kit, acme, owner.id)


async def test_an_invitation_is_mailed_to_the_invitee_only_by_the_worker(team: Team) -> None:
    invitation = await team.kit.teams.invite(
        team.vendor.id, " Bob@Example.COM ", "manager", team.owner, ACCEPT_URL
    )

    assert invitation.email == "bob@example.com"
    assert invitation.role == "manager"
    assert invitation.invited_by == team.owner
    assert invitation.expires_at == team.kit.clock.now() + LIFETIME
    [queued] = team.kit.tasks.enqueued
    assert queued.task == "tenancy.send_invitation"
    assert queued.kwargs == {"invitation_id": invitation.id, "accept_url": ACCEPT_URL}
    assert team.kit.mailer.sent == []
    await team.kit.deliver()
    [mail] = team.kit.mailer.sent
    assert mail.to == "bob@example.com" and "Acme" in mail.subject and "manager" in mail.body
    token = team.kit.link_to("bob@example.com").removeprefix(f"{ACCEPT_URL}/")
    stored = await team.kit.teams.invitation(token)
    assert stored.id == invitation.id and stored.token_hash == hash_token(token) != token


async def test_no_token_exists_before_the_e_mail_is_sent_and_a_resend_voids_the_first(
    team: Team,
) -> None:
    invitation = await team.kit.teams.invite(
        team.vendor.id, "bob@example.com", "staff", team.owner, ACCEPT_URL
    )
    await team.kit.deliver()
    first = team.kit.link_to("bob@example.com").rsplit("/", 1)[1]

    assert await team.kit.teams.send_invitation(invitation.id, ACCEPT_URL)
    second = team.kit.link_to("bob@example.com").rsplit("/", 1)[1]

    with pytest.raises(NotFound):
        await team.kit.teams.invitation(first)
    assert (await team.kit.teams.invitation(second)).id == invitation.id


async def test_an_invitation_works_until_it_expires(team: Team) -> None:
    token = await team.invite(role="manager")
    bob = await team.kit.seed_user("bob")
    team.kit.clock.advance(LIFETIME - timedelta(seconds=1))

    membership = await team.kit.teams.accept(token, bob.id)

    assert (membership.vendor_id, membership.user_id, membership.role) == (
        team.vendor.id,
        bob.id,
        "manager",
    )


async def test_an_expired_invitation_is_refused(team: Team) -> None:
    token = await team.invite()
    bob = await team.kit.seed_user("bob")
    team.kit.clock.advance(LIFETIME)

    with pytest.raises(NotFound, match="expired"):
        await team.kit.teams.invitation(token)
    with pytest.raises(NotFound):
        await team.kit.teams.accept(token, bob.id)

    assert await team.role_of(bob.id) is None


async def test_an_invitation_can_be_used_once(team: Team) -> None:
    token = await team.invite(role="staff")
    bob = await team.kit.seed_user("bob")
    await team.kit.teams.accept(token, bob.id)
    await team.kit.teams.change_role(team.vendor.id, bob.id, "viewer")

    with pytest.raises(NotFound, match="already used"):
        await team.kit.teams.accept(token, bob.id)

    assert await team.role_of(bob.id) == "viewer"


async def test_an_invitation_for_another_address_is_refused_and_stays_open(team: Team) -> None:
    token = await team.invite("bob@example.com")
    mallory = await team.kit.seed_user("mallory")
    bob = await team.kit.seed_user("bob")

    with pytest.raises(InvalidInput, match=r"bob@example\.com"):
        await team.kit.teams.accept(token, mallory.id)

    assert await team.role_of(mallory.id) is None
    await team.kit.teams.accept(token, bob.id)
    assert await team.role_of(bob.id) == "staff"


async def test_an_unknown_token_is_not_found(team: Team) -> None:
    await team.invite()

    with pytest.raises(NotFound):
        await team.kit.teams.invitation("not-a-token")


async def test_a_revoked_invitation_no_longer_works(team: Team) -> None:
    token = await team.invite()
    [invitation] = await team.kit.teams.invitations(team.vendor.id)
    bob = await team.kit.seed_user("bob")

    await team.kit.teams.revoke_invitation(team.vendor.id, invitation.id)

    with pytest.raises(NotFound):
        await team.kit.teams.accept(token, bob.id)
    assert await team.kit.teams.invitations(team.vendor.id) == []


async def test_another_vendor_cannot_revoke_an_invitation(team: Team) -> None:
    invitation = await team.kit.teams.invite(
        team.vendor.id, "bob@example.com", "staff", team.owner, ACCEPT_URL
    )
    globex = await team.kit.seed_vendor("globex")

    with pytest.raises(NotFound):
        await team.kit.teams.revoke_invitation(globex.id, invitation.id)

    assert [i.id for i in await team.kit.teams.invitations(team.vendor.id)] == [invitation.id]


async def test_someone_already_on_the_team_cannot_be_invited(team: Team) -> None:
    with pytest.raises(Conflict, match="already on the team"):
        await team.invite("OLIVE@example.com")

    assert team.kit.tasks.enqueued == []


@pytest.mark.parametrize(
    ("email", "role"), [("not-an-address", "staff"), ("bob@example.com", "janitor")]
)
async def test_an_invitation_needs_an_address_and_a_role_of_the_vendor(
    team: Team, email: str, role: str
) -> None:
    with pytest.raises(InvalidInput):
        await team.invite(email, role)

    assert await team.kit.teams.invitations(team.vendor.id) == []
    assert team.kit.tasks.enqueued == []


async def test_accepting_for_an_unknown_user_is_not_found(team: Team) -> None:
    token = await team.invite()

    with pytest.raises(NotFound):
        await team.kit.teams.accept(token, 999)

    assert (await team.kit.teams.invitation(token)).accepted_at is None
