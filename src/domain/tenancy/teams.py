"""Vendor teams: members with roles (presets or custom), invitations, and the last-owner rule."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.domain.tenancy.discovery import (
    CUSTOM_PREFIX,
    PermissionDiscoveryService,
    custom_role,
    custom_role_id,
)
from mercato.domain.tenancy.identity import hash_token
from mercato.domain.tenancy.mail import invitation_message
from mercato.domain.tenancy.model import (
    Invitation,
    Membership,
    Role,
    User,
    VendorStatus,
    check_email,
    check_name,
)
from mercato.domain.tenancy.repository import TeamRepository, UserRepository, VendorRepository
from mercato.ports.clock import Clock
from mercato.ports.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from mercato.ports.mail import Mailer
from mercato.ports.tasks import TaskQueue

__all__ = ["CUSTOM_PREFIX", "SEND_INVITATION_TASK", "Actor", "TeamService", "custom_role"]

OWNER = RolePreset.OWNER.value
SEND_INVITATION_TASK = "tenancy.send_invitation"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who changes the team: their permissions in the vendor over every installed module
    (``enabled``: those modules), not only the ones enabled on the platform they act from.

    A membership applies on every platform of the vendor, so nobody gives a role holding a
    permission they do not hold themselves, of any module, enabled here or not (a manager
    cannot make anyone, themselves included, an owner). ``None`` as the actor is the system
    (CLI, demo, accepting an invitation that was checked when it was sent).
    """

    permissions: frozenset[str]
    enabled: frozenset[str]


class TeamService:
    """Invites, changes roles, removes members; defines custom roles.

    A vendor always keeps at least one owner: the last owner can be neither removed nor
    given another role.
    """

    def __init__(
        self,
        teams: TeamRepository,
        users: UserRepository,
        vendors: VendorRepository,
        registry: ModuleRegistry,
        discovery: PermissionDiscoveryService,
        tasks: TaskQueue,
        mailer: Mailer,
        clock: Clock,
        invitation_lifetime: timedelta = timedelta(days=7),
    ) -> None:
        self._teams = teams
        self._users = users
        self._vendors = vendors
        self._registry = registry
        self._discovery = discovery
        self._tasks = tasks
        self._mailer = mailer
        self._clock = clock
        self._lifetime = invitation_lifetime

    async def _check_role(self, vendor_id: int, role: str) -> str:
        if role in {p.value for p in RolePreset}:
            return role
        role_id = custom_role_id(role)
        if role_id is not None and await self._teams.role(vendor_id, role_id) is not None:
            return role
        raise InvalidInput(f"'{role}' is not a role of this vendor", "role")

    async def vendor_slugs_of(self, user_id: int, platform_id: int) -> list[str]:
        """Slugs of the vendors whose team the user is on and that are active on the platform."""
        slugs = []
        for m in await self._teams.memberships_of(user_id):
            on = await self._vendors.on_platform(m.vendor_id, platform_id)
            vendor = await self._vendors.by_id(m.vendor_id)
            if on is not None and on.status is VendorStatus.ACTIVE and vendor is not None:
                slugs.append(vendor.slug)
        return sorted(slugs)

    async def vendor_slug(self, vendor_id: int) -> str:
        """The slug of a vendor."""
        vendor = await self._vendors.by_id(vendor_id)
        if vendor is None:
            raise NotFound("no such vendor")
        return vendor.slug

    async def memberships_of(self, user_id: int) -> Sequence[Membership]:
        """The teams the user is on."""
        return await self._teams.memberships_of(user_id)

    async def invited_to(self, invitation: Invitation) -> tuple[str, str]:
        """The vendor's name and the role's name of an invitation, as a person reads them."""
        vendor = await self._vendors.by_id(invitation.vendor_id)
        label = await self._role_label(invitation.vendor_id, invitation.role)
        shown = label.title() if label == invitation.role else label  # a preset: "Viewer"
        return (vendor.name if vendor is not None else "a vendor"), shown

    async def membership(self, vendor_id: int, user_id: int) -> Membership | None:
        """The user's membership of the vendor's team, if any."""
        return await self._teams.membership(vendor_id, user_id)

    async def _check_grant(self, vendor_id: int, role: str, actor: Actor | None) -> None:
        if actor is None or "*" in actor.permissions:
            return
        every = frozenset(d.code for d in self._registry)
        holds = await self._discovery.role_permissions(vendor_id, role, every)
        missing = sorted(holds - actor.permissions)
        if missing:
            raise PermissionDenied(
                f"you cannot give the role '{role}': it holds permissions you do not have "
                f"({', '.join(missing)})",
                "role",
            )

    async def members(self, vendor_id: int) -> Sequence[tuple[Membership, User]]:
        """The vendor's team."""
        return await self._teams.members(vendor_id)

    async def add_member(self, vendor_id: int, user_id: int, role: str) -> Membership:
        """Put an existing user on the team (the CLI and the demo use this)."""
        await self._check_role(vendor_id, role)
        if await self._users.by_id(user_id) is None:
            raise NotFound("no such user")
        current = await self._teams.membership(vendor_id, user_id)
        if current is not None and current.role == OWNER and role != OWNER:
            await self._keep_an_owner(vendor_id)
        return await self._teams.set_member(vendor_id, user_id, role)

    async def invite(
        self,
        vendor_id: int,
        email: str,
        role: str,
        invited_by: int | None,
        accept_url: str,
        actor: Actor | None = None,
    ) -> Invitation:
        """Invite ``email`` with ``role``; the link goes to that address only (a task).

        Nobody else ever sees the token: the worker makes it, stores its hash and mails the
        link (:meth:`send_invitation`). ``accept_url`` is the absolute URL of the accept page
        on the platform's configured address.
        """
        address = check_email(email)
        await self._check_role(vendor_id, role)
        await self._check_grant(vendor_id, role, actor)
        existing = await self._users.by_email(address)
        if existing is not None and await self._teams.membership(vendor_id, existing.id):
            raise Conflict(f"{address} is already on the team", "email")
        await self._teams.drop_expired_invitation(vendor_id, address, self._clock.now())
        unusable = hash_token(secrets.token_urlsafe(32))  # replaced when the e-mail is sent
        invitation = await self._teams.add_invitation(
            vendor_id, address, role, unusable, self._clock.now() + self._lifetime, invited_by
        )
        await self._tasks.enqueue(
            SEND_INVITATION_TASK, invitation_id=invitation.id, accept_url=accept_url
        )
        return invitation

    async def send_invitation(self, invitation_id: int, accept_url: str) -> bool:
        """Give the invitation a new token and mail its link to the invitee (the task).

        False when the invitation was accepted, revoked or expired meanwhile.
        """
        token = secrets.token_urlsafe(32)
        found = await self._teams.set_invitation_token(
            invitation_id, hash_token(token), self._clock.now()
        )
        if found is None:
            return False
        vendor = await self._vendors.by_id(found.vendor_id)
        role = await self._role_label(found.vendor_id, found.role)
        name = vendor.name if vendor is not None else "a vendor"
        link = f"{accept_url}/{token}"
        await self._mailer.send(invitation_message(found.email, name, role, link))
        return True

    async def _role_label(self, vendor_id: int, role: str) -> str:
        role_id = custom_role_id(role)
        if role_id is not None:
            custom = await self._teams.role(vendor_id, role_id)
            return custom.name if custom is not None else role
        return role

    async def invitation(self, token: str) -> Invitation:
        """The open invitation of ``token``; ``NotFound`` when unknown, used or expired."""
        found = await self._teams.invitation_by_token(hash_token(token))
        if found is None or not found.is_open(self._clock.now()):
            raise NotFound("this invitation is invalid, already used or expired")
        return found

    async def accept(self, token: str, user_id: int) -> Membership:
        """Join the team with the invitation's role; the token works once."""
        invitation = await self.invitation(token)
        user = await self._users.by_id(user_id)
        if user is None or not user.is_active:
            raise NotFound("no such active user")
        if user.email != invitation.email:
            raise InvalidInput(f"this invitation is for {invitation.email}", "email")
        current = await self._teams.membership(invitation.vendor_id, user_id)
        if current is not None and current.role == OWNER and invitation.role != OWNER:
            await self._keep_an_owner(invitation.vendor_id)
        if not await self._teams.accept_invitation(invitation.id, self._clock.now()):
            raise NotFound("this invitation is invalid, already used or expired")
        return await self._teams.set_member(invitation.vendor_id, user_id, invitation.role)

    async def invitations(self, vendor_id: int) -> Sequence[Invitation]:
        """The vendor's invitations."""
        return await self._teams.invitations(vendor_id)

    async def revoke_invitation(self, vendor_id: int, invitation_id: int) -> None:
        """Cancel an invitation of the vendor."""
        await self._teams.revoke_invitation(vendor_id, invitation_id)

    async def change_role(
        self, vendor_id: int, user_id: int, role: str, actor: Actor | None = None
    ) -> Membership:
        """Give a member another role; the last owner keeps theirs.

        The actor must hold every permission of the new role, and of the member's current
        role too (nobody demotes someone who can do more than they can).
        """
        await self._check_role(vendor_id, role)
        current = await self._member(vendor_id, user_id)
        await self._check_grant(vendor_id, role, actor)
        await self._check_grant(vendor_id, current.role, actor)
        if current.role == OWNER and role != OWNER:
            await self._keep_an_owner(vendor_id)
        return await self._teams.set_member(vendor_id, user_id, role)

    async def remove(self, vendor_id: int, user_id: int, actor: Actor | None = None) -> None:
        """Take a member off the team; the last owner stays, and nobody removes a member
        who holds permissions they do not hold."""
        current = await self._member(vendor_id, user_id)
        await self._check_grant(vendor_id, current.role, actor)
        if current.role == OWNER:
            await self._keep_an_owner(vendor_id)
        await self._teams.remove_member(vendor_id, user_id)

    async def _member(self, vendor_id: int, user_id: int) -> Membership:
        found = await self._teams.membership(vendor_id, user_id)
        if found is None:
            raise NotFound("that person is not on this team")
        return found

    async def _keep_an_owner(self, vendor_id: int) -> None:
        owners = [m for m, _ in await self._teams.members(vendor_id) if m.role == OWNER]
        if len(owners) <= 1:
            raise Conflict("a vendor needs at least one owner: make someone else owner first")

    def _check_permissions(self, permissions: Sequence[str], actor: Actor | None) -> frozenset[str]:
        """Codes a custom role may hold: team permissions (those some preset role gets),
        and, for an actor, only permissions the actor holds."""
        team_codes = {c for d in self._registry for codes in d.role_presets.values() for c in codes}
        known = {p.code for d in self._registry for p in d.permissions}
        unknown = sorted(set(permissions) - known)
        if unknown:
            raise InvalidInput(f"unknown permission(s): {', '.join(unknown)}", "permissions")
        platform_only = sorted(set(permissions) - team_codes)
        if platform_only:
            raise InvalidInput(f"not a team permission: {', '.join(platform_only)}", "permissions")
        if actor is not None and "*" not in actor.permissions:
            missing = sorted(set(permissions) - actor.permissions)
            if missing:
                raise PermissionDenied(
                    f"a role cannot hold permissions you do not have ({', '.join(missing)})",
                    "permissions",
                )
        return frozenset(permissions)

    async def create_role(
        self, vendor_id: int, name: str, permissions: Sequence[str], actor: Actor | None = None
    ) -> Role:
        """A custom role from the team permissions of the catalogue (none the actor lacks)."""
        clean = check_name(name, "a role", 100)
        if clean.lower() in {p.value for p in RolePreset}:
            raise InvalidInput(f"'{clean}' is the name of a preset role", "name")
        return await self._teams.add_role(
            vendor_id, clean, self._check_permissions(permissions, actor)
        )

    async def update_role(
        self,
        vendor_id: int,
        role_id: int,
        name: str,
        permissions: Sequence[str],
        actor: Actor | None = None,
    ) -> Role:
        """Rename a custom role and replace its permissions.

        The actor must hold the role's current permissions too: nobody rewrites a role that
        can do more than they can (nor their own role into more than they have).
        """
        clean = check_name(name, "a role", 100)
        await self._check_grant(vendor_id, custom_role(role_id), actor)
        return await self._teams.update_role(
            vendor_id, role_id, clean, self._check_permissions(permissions, actor)
        )

    async def roles(self, vendor_id: int) -> Sequence[Role]:
        """The vendor's custom roles."""
        return await self._teams.roles(vendor_id)

    async def delete_role(self, vendor_id: int, role_id: int) -> None:
        """Delete a custom role no member holds."""
        if await self._teams.role(vendor_id, role_id) is None:
            raise NotFound("no such role")
        holders = [
            m for m, _ in await self._teams.members(vendor_id) if m.role == custom_role(role_id)
        ]
        if holders:
            raise Conflict("members still hold this role: give them another role first")
        await self._teams.remove_role(vendor_id, role_id)
