"""In-memory users and administrators, teams, API tokens, sign-in attempts and password
resets, over the shared :class:`tests.support.tenancy_state.TenancyState`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.tenancy.model import ApiToken, Invitation, Membership, PlatformAdmin, Role, User
from mercato.domain.tenancy.repository import Admission
from mercato.ports.errors import Conflict, NotFound
from mercato.ports.pagination import Page, PageRequest
from tests.support.tenancy_state import TenancyState, aware, now, page_of

OWNER = RolePreset.OWNER.value

__all__ = [
    "InMemoryAttemptLog",
    "InMemoryPasswordResetRepository",
    "InMemoryTeamRepository",
    "InMemoryTokenRepository",
    "InMemoryUserRepository",
]


def _grant_order(platform_id: int | None) -> tuple[bool, int]:
    return (platform_id is not None, platform_id or 0)


class InMemoryUserRepository:
    """Users (e-mails lower-case) and administrator grants; ``page`` sorts by ``email``
    (default), ``display_name`` or ``created_at``."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    async def add(self, email: str, display_name: str, password_hash: str) -> User:
        """Insert; ``Conflict`` (field ``email``) for a taken e-mail."""
        if await self.by_email(email) is not None:
            raise Conflict(f"the e-mail '{email}' is already registered", "email")
        uid = self.state.next_id("users")
        user = User(uid, email.lower(), display_name, password_hash, True, now())
        self.state.users[uid] = user
        return user

    async def by_id(self, user_id: int) -> User | None:
        """The user, or ``None``."""
        return self.state.users.get(user_id)

    async def by_email(self, email: str) -> User | None:
        """The user with this e-mail (compared lower-case), or ``None``."""
        wanted = email.lower()
        return next((u for u in self.state.users.values() if u.email == wanted), None)

    def _set(self, user_id: int, **changes: object) -> None:
        found = self.state.users.get(user_id)
        if found is None:
            raise NotFound("no such user")
        self.state.users[user_id] = replace(found, **changes)  # type: ignore[arg-type]

    def _of(self, user: User, platform_ids: Collection[int]) -> bool:
        """A user of one of the platforms: a grant there, a team of a vendor there, or none."""
        grants = {p for u, p in self.state.admins if u == user.id}
        vendors = {v for v, u in self.state.members if u == user.id}
        if not grants and not vendors:
            return True
        on = {v for p in platform_ids for v in self.state.vendors_on(p)}
        return bool(grants & set(platform_ids)) or bool(vendors & on)

    async def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace the hash; ``NotFound`` for an unknown user."""
        self._set(user_id, password_hash=password_hash)

    async def set_active(self, user_id: int, active: bool) -> None:
        """Activate or deactivate; ``NotFound`` for an unknown user."""
        self._set(user_id, is_active=active)

    async def deactivate_unless_last_owner(self, user_id: int) -> str | None:
        """Deactivate, unless the last active owner of a vendor (its slug is returned)."""
        if user_id not in self.state.users:
            raise NotFound("no such user")
        owned = sorted(
            v
            for (v, u), m in self.state.members.items()
            if u == user_id and m.role == RolePreset.OWNER.value
        )
        for vendor_id in owned:
            others = [
                u
                for (v, u), m in self.state.members.items()
                if v == vendor_id
                and u != user_id
                and m.role == RolePreset.OWNER.value
                and self.state.users[u].is_active
            ]
            if not others:
                return self.state.vendors[vendor_id].slug
        self._set(user_id, is_active=False)
        return None

    async def page(
        self, request: PageRequest, platform_ids: Collection[int] | None = None
    ) -> Page[User]:
        """Users whose e-mail or name contains the search (of ``platform_ids`` when given)."""
        found = [
            u
            for u in self.state.users.values()
            if platform_ids is None or self._of(u, platform_ids)
        ]
        return page_of(
            found,
            request,
            {
                "email": lambda u: u.email,
                "display_name": lambda u: u.display_name,
                "created_at": lambda u: u.created_at,
            },
            "email",
            text=("email", "display_name"),
            searched=(lambda u: u.email, lambda u: u.display_name),
        )

    async def admin_roles(self, user_id: int) -> Sequence[PlatformAdmin]:
        """The user's grants, super admin first, then by platform id."""
        mine = sorted((p for u, p in self.state.admins if u == user_id), key=_grant_order)
        return [PlatformAdmin(user_id, p) for p in mine]

    async def grant_admin(self, user_id: int, platform_id: int | None) -> None:
        """Add a grant; ``Conflict`` if held, ``NotFound`` for unknown ids."""
        if (user_id, platform_id) in self.state.admins:
            raise Conflict("that person already holds this administrator grant")
        self.state.need(
            user_id in self.state.users
            and (platform_id is None or platform_id in self.state.platforms),
            "no such user or platform",
        )
        self.state.admins.add((user_id, platform_id))

    async def revoke_admin(self, user_id: int, platform_id: int | None) -> None:
        """Remove a grant; ``NotFound`` if not held."""
        if (user_id, platform_id) not in self.state.admins:
            raise NotFound("that person holds no such administrator grant")
        self.state.admins.discard((user_id, platform_id))

    async def admins(self) -> Sequence[tuple[User, PlatformAdmin]]:
        """Every grant with its user, by e-mail, super-admin grants first."""
        grants = sorted(
            self.state.admins,
            key=lambda g: (self.state.users[g[0]].email, *_grant_order(g[1])),
        )
        return [(self.state.users[u], PlatformAdmin(u, p)) for u, p in grants]

    async def count_on_platform(self, platform_id: int) -> int:
        """Distinct team members of the platform's vendors and admins covering it."""
        on = self.state.vendors_on(platform_id)
        members = {u for v, u in self.state.members if v in on}
        admins = {u for u, p in self.state.admins if p in (None, platform_id)}
        return len(members | admins)


class InMemoryTeamRepository:
    """Memberships, custom roles and invitations, all by vendor."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    async def members(self, vendor_id: int) -> Sequence[tuple[Membership, User]]:
        """The vendor's team with the users, by e-mail."""
        mine = [m for (v, _), m in self.state.members.items() if v == vendor_id]
        pairs = [(m, self.state.users[m.user_id]) for m in mine]
        return sorted(pairs, key=lambda p: p[1].email)

    async def membership(self, vendor_id: int, user_id: int) -> Membership | None:
        """One member, or ``None``."""
        return self.state.members.get((vendor_id, user_id))

    async def memberships_of(self, user_id: int) -> Sequence[Membership]:
        """The user's teams by vendor id."""
        mine = [m for (_, u), m in self.state.members.items() if u == user_id]
        return sorted(mine, key=lambda m: m.vendor_id)

    async def set_member(self, vendor_id: int, user_id: int, role: str) -> Membership:
        """Add with ``role`` or change it (the join date stays); ``NotFound`` for unknown ids."""
        self.state.need(
            vendor_id in self.state.vendors and user_id in self.state.users,
            "no such vendor or user",
        )
        current = self.state.members.get((vendor_id, user_id))
        if current is not None and current.role == OWNER and role != OWNER:
            self._keep_another_owner(vendor_id, user_id)
        created = current.created_at if current is not None else now()
        member = Membership(vendor_id, user_id, role, created)
        self.state.members[(vendor_id, user_id)] = member
        return member

    async def remove_member(self, vendor_id: int, user_id: int) -> None:
        """Take off the team; ``NotFound`` if not on it, ``Conflict`` for the last owner."""
        current = self.state.members.get((vendor_id, user_id))
        if current is None:
            raise NotFound("that person is not on this team")
        if current.role == OWNER:
            self._keep_another_owner(vendor_id, user_id)
        del self.state.members[(vendor_id, user_id)]

    def _keep_another_owner(self, vendor_id: int, user_id: int) -> None:
        """``Conflict`` unless someone else owns the vendor (as the SQL repository does)."""
        if not any(
            v == vendor_id and u != user_id and m.role == OWNER
            for (v, u), m in self.state.members.items()
        ):
            raise Conflict("a vendor needs at least one owner: make someone else owner first")

    async def count_on_platform(self, platform_id: int) -> int:
        """Memberships of the platform's vendors."""
        on = self.state.vendors_on(platform_id)
        return sum(1 for v, _ in self.state.members if v in on)

    def _name_taken(self, vendor_id: int, name: str, but: int | None = None) -> None:
        for r in self.state.roles.values():
            if r.vendor_id == vendor_id and r.name == name and r.id != but:
                raise Conflict(f"a role called '{name}' already exists", "name")

    async def add_role(self, vendor_id: int, name: str, permissions: frozenset[str]) -> Role:
        """A custom role; ``Conflict`` for a name the vendor uses, ``NotFound`` for an
        unknown vendor."""
        self._name_taken(vendor_id, name)
        self.state.need(vendor_id in self.state.vendors, "no such vendor")
        rid = self.state.next_id("vendor_roles")
        role = Role(rid, vendor_id, name, frozenset(permissions))
        self.state.roles[rid] = role
        return role

    async def update_role(
        self, vendor_id: int, role_id: int, name: str, permissions: frozenset[str]
    ) -> Role:
        """Rename and replace permissions; ``NotFound`` for another vendor's id."""
        if await self.role(vendor_id, role_id) is None:
            raise NotFound("no such role")
        self._name_taken(vendor_id, name, role_id)
        role = Role(role_id, vendor_id, name, frozenset(permissions))
        self.state.roles[role_id] = role
        return role

    async def role(self, vendor_id: int, role_id: int) -> Role | None:
        """The vendor's role, or ``None`` (also for another vendor's id)."""
        found = self.state.roles.get(role_id)
        return found if found is not None and found.vendor_id == vendor_id else None

    async def roles(self, vendor_id: int) -> Sequence[Role]:
        """The vendor's roles by name."""
        mine = [r for r in self.state.roles.values() if r.vendor_id == vendor_id]
        return sorted(mine, key=lambda r: (r.name.lower(), r.id))

    async def remove_role(self, vendor_id: int, role_id: int) -> None:
        """Delete; ``NotFound`` for another vendor's id."""
        if await self.role(vendor_id, role_id) is None:
            raise NotFound("no such role")
        del self.state.roles[role_id]

    async def add_invitation(
        self,
        vendor_id: int,
        email: str,
        role: str,
        token_hash: str,
        expires_at: datetime,
        invited_by: int | None,
    ) -> Invitation:
        """Record; ``Conflict`` for a stored hash or an unaccepted invitation of the address
        to the vendor, ``NotFound`` for unknown vendor/inviter."""
        if await self.invitation_by_token(token_hash) is not None:
            raise Conflict("this invitation token is already stored")
        if any(
            i.vendor_id == vendor_id and i.email == email and i.accepted_at is None
            for i in self.state.invitations.values()
        ):
            raise Conflict(f"{email} already has an open invitation", "email")
        self.state.need(
            vendor_id in self.state.vendors
            and (invited_by is None or invited_by in self.state.users),
            "no such vendor or inviting user",
        )
        iid = self.state.next_id("invitations")
        invitation = Invitation(
            iid, vendor_id, email, role, token_hash, aware(expires_at), invited_by, None, now()
        )
        self.state.invitations[iid] = invitation
        return invitation

    async def drop_expired_invitation(self, vendor_id: int, email: str, at: datetime) -> None:
        """Delete the address's unaccepted invitation to the vendor expired by ``at``."""
        for i in list(self.state.invitations.values()):
            expired = i.accepted_at is None and i.expires_at <= aware(at)
            if expired and i.vendor_id == vendor_id and i.email == email:
                del self.state.invitations[i.id]

    async def invitations(self, vendor_id: int) -> Sequence[Invitation]:
        """The vendor's invitations, newest first."""
        mine = [i for i in self.state.invitations.values() if i.vendor_id == vendor_id]
        return sorted(mine, key=lambda i: (i.created_at, i.id), reverse=True)

    async def invitation_by_token(self, token_hash: str) -> Invitation | None:
        """The invitation with this token hash."""
        found = (i for i in self.state.invitations.values() if i.token_hash == token_hash)
        return next(found, None)

    async def accept_invitation(self, invitation_id: int, at: datetime) -> bool:
        """Mark accepted unless accepted or expired at ``at``; True for the one that did."""
        found = self.state.invitations.get(invitation_id)
        if found is None or not found.is_open(aware(at)):
            return False
        self.state.invitations[invitation_id] = replace(found, accepted_at=aware(at))
        return True

    async def set_invitation_token(
        self, invitation_id: int, token_hash: str, at: datetime
    ) -> Invitation | None:
        """New token hash for an invitation open at ``at``; ``None`` otherwise."""
        found = self.state.invitations.get(invitation_id)
        if found is None or not found.is_open(aware(at)):
            return None
        self.state.invitations[invitation_id] = replace(found, token_hash=token_hash)
        return self.state.invitations[invitation_id]

    async def revoke_invitation(self, vendor_id: int, invitation_id: int) -> None:
        """Delete the vendor's open invitation; ``NotFound`` otherwise."""
        found = self.state.invitations.get(invitation_id)
        if found is None or found.vendor_id != vendor_id or found.accepted_at is not None:
            raise NotFound("no such open invitation")
        del self.state.invitations[invitation_id]

    async def purge_invitations(self, expired_before: datetime) -> int:
        """Delete unaccepted invitations expired before the cutoff; how many."""
        cutoff = aware(expired_before)
        gone = [
            i.id
            for i in self.state.invitations.values()
            if i.accepted_at is None and i.expires_at < cutoff
        ]
        for iid in gone:
            del self.state.invitations[iid]
        return len(gone)


class InMemoryTokenRepository:
    """API tokens (hashes only)."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    async def add(
        self,
        user_id: int,
        name: str,
        prefix: str,
        token_hash: str,
        vendor_id: int | None,
        platform_id: int | None,
    ) -> ApiToken:
        """Record; ``Conflict`` for a stored hash, ``NotFound`` for unknown ids."""
        if await self.by_hash(token_hash) is not None:
            raise Conflict("this token is already stored")
        self.state.need(
            user_id in self.state.users
            and (vendor_id is None or vendor_id in self.state.vendors)
            and (platform_id is None or platform_id in self.state.platforms),
            "no such user, vendor or platform",
        )
        tid = self.state.next_id("api_tokens")
        token = ApiToken(tid, user_id, name, prefix, token_hash, vendor_id, platform_id, now())
        self.state.tokens[tid] = token
        return token

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        """The token with this hash, or ``None``."""
        return next((t for t in self.state.tokens.values() if t.token_hash == token_hash), None)

    def _newest_first(self, tokens: list[ApiToken]) -> Sequence[ApiToken]:
        return sorted(tokens, key=lambda t: (t.created_at, t.id), reverse=True)

    async def of_user(self, user_id: int) -> Sequence[ApiToken]:
        """The user's tokens, newest first."""
        return self._newest_first([t for t in self.state.tokens.values() if t.user_id == user_id])

    async def of_vendor(self, vendor_id: int) -> Sequence[ApiToken]:
        """The vendor's tokens, newest first."""
        mine = [t for t in self.state.tokens.values() if t.vendor_id == vendor_id]
        return self._newest_first(mine)

    async def revoke(
        self, token_id: int, user_id: int | None, vendor_id: int | None, at: datetime
    ) -> bool:
        """Revoke if every given owner matches (none given: nothing); the first time stays."""
        found = self.state.tokens.get(token_id)
        if found is None or (user_id is None and vendor_id is None):
            return False
        if user_id is not None and found.user_id != user_id:
            return False
        if vendor_id is not None and found.vendor_id != vendor_id:
            return False
        if found.revoked_at is None:
            self.state.tokens[token_id] = replace(found, revoked_at=aware(at))
        return True

    async def touch(
        self, token_id: int, at: datetime, unless_since: datetime | None = None
    ) -> bool:
        """Record a use, unless one was recorded since ``unless_since``."""
        found = self.state.tokens.get(token_id)
        if found is None:
            return False
        last = found.last_used_at
        if unless_since is not None and last is not None and last > aware(unless_since):
            return False
        self.state.tokens[token_id] = replace(found, last_used_at=aware(at))
        return True


class InMemoryAttemptLog:
    """Failed sign-in attempts (``state.attempts``, with their ids alongside)."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()
        self._ids: list[int] = list(range(1, len(self.state.attempts) + 1))
        self._next = len(self._ids) + 1

    async def admit(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> Admission:
        """One attempt per key unless a key is at its limit (atomic: no await in between)."""
        for key, limit in limits:
            if len(self._since(key, since)) >= limit:
                return Admission(refused=key, oldest=min(self._since(key, since)))
        start = len(self.state.attempts)
        self.state.attempts.extend((k, aware(at)) for k, _ in limits)
        self._ids.extend(range(self._next, self._next + len(limits)))
        self._next += len(limits)
        return Admission(ids=tuple(self._ids[start:]))

    async def forget(self, ids: Sequence[int]) -> None:
        """Delete these attempts."""
        gone = set(ids)
        self._keep(lambda _attempt, i: i not in gone)

    def _keep(self, wanted: Callable[[tuple[str, datetime], int], bool]) -> int:
        """Keep the attempts ``wanted`` says yes to; how many went."""
        pairs = list(zip(self.state.attempts, self._ids, strict=True))
        kept = [(a, i) for a, i in pairs if wanted(a, i)]
        self.state.attempts[:] = [a for a, _ in kept]
        self._ids[:] = [i for _, i in kept]
        return len(pairs) - len(kept)

    async def record(self, keys: Sequence[str], at: datetime) -> None:
        """One failure per key."""
        self.state.attempts.extend((k, aware(at)) for k in keys)
        self._ids.extend(range(self._next, self._next + len(keys)))
        self._next += len(keys)

    def _since(self, key: str, since: datetime) -> list[datetime]:
        return [at for k, at in self.state.attempts if k == key and at >= aware(since)]

    async def count_since(self, key: str, since: datetime) -> int:
        """Failures under ``key`` at or after ``since``."""
        return len(self._since(key, since))

    async def oldest_since(self, key: str, since: datetime) -> datetime | None:
        """The oldest failure under ``key`` at or after ``since``."""
        return min(self._since(key, since), default=None)

    async def clear(self, key: str) -> None:
        """Forget the key's failures."""
        self._keep(lambda attempt, _i: attempt[0] != key)

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete failures older than ``cutoff``; how many."""
        return self._keep(lambda attempt, _i: attempt[1] >= aware(cutoff))


class InMemoryPasswordResetRepository:
    """Single-use reset tokens."""

    def __init__(self, state: TenancyState | None = None) -> None:
        self.state = state or TenancyState()

    async def add(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        """Record; ``Conflict`` for a stored hash, ``NotFound`` for an unknown user."""
        if token_hash in self.state.resets:
            raise Conflict("this reset token is already stored")
        self.state.need(user_id in self.state.users, "no such user")
        self.state.resets[token_hash] = (user_id, aware(expires_at), None)

    async def consume(self, token_hash: str, at: datetime) -> int | None:
        """The user id for the one caller that used the open token, else ``None``."""
        found = self.state.resets.get(token_hash)
        if found is None:
            return None
        user_id, expires_at, used_at = found
        if used_at is not None or expires_at <= aware(at):
            return None
        self.state.resets[token_hash] = (user_id, expires_at, aware(at))
        return user_id

    async def void_of_user(self, user_id: int, at: datetime) -> int:
        """Mark the user's unused tokens used at ``at``; how many."""
        mine = [h for h, (u, _, used) in self.state.resets.items() if u == user_id and not used]
        for h in mine:
            uid, expires_at, _ = self.state.resets[h]
            self.state.resets[h] = (uid, expires_at, aware(at))
        return len(mine)

    async def purge(self, now: datetime) -> int:
        """Delete used tokens and tokens expired at ``now``; how many."""
        gone = [
            h
            for h, (_, expires_at, used_at) in self.state.resets.items()
            if used_at is not None or expires_at <= aware(now)
        ]
        for h in gone:
            del self.state.resets[h]
        return len(gone)
