"""Who an operator may see and act on: the platforms of their grants, bounded by their token.

An operator acts from one platform, whose route guard checked their permission there. They
reach the platforms they administer (every platform for a super admin, including ones
created later); a request authenticated with a platform-scoped API token reaches that one
platform and nothing else, whoever owns the token. A vendor, a user or a grant lies inside
the reach when the platforms it belongs to do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from mercato.domain.tenancy.model import PlatformAdmin

__all__ = ["Operator", "Reach"]


@dataclass(frozen=True, slots=True)
class Operator:
    """The signed-in user acting, the platform they act from (its guard let them in), and
    the platform their API token is scoped to, if they came with a platform-scoped token."""

    user_id: int
    platform_id: int
    token_platform_id: int | None = None
    grants: tuple[PlatformAdmin, ...] | None = None
    """The operator's administrator grants when they were read with the credentials (the
    request's first statement); ``None``: look them up."""


@dataclass(frozen=True, slots=True)
class Reach:
    """The platforms an operator may see and act on; ``platforms`` is ``None`` for every one
    (a super admin without a platform-scoped token)."""

    platforms: frozenset[int] | None
    super_admin: bool = False
    token_platform_id: int | None = None

    @classmethod
    def of(cls, operator: Operator, grants: Iterable[PlatformAdmin]) -> Reach:
        """The reach of ``operator`` holding ``grants``."""
        held = list(grants)
        is_super = any(g.is_super_admin for g in held)
        platforms: frozenset[int] | None = None
        if not is_super:
            platforms = frozenset({operator.platform_id}) | {
                g.platform_id for g in held if g.platform_id is not None
            }
        token = operator.token_platform_id
        if token is not None:
            platforms = frozenset({token}) & (platforms if platforms is not None else {token})
        return cls(platforms, is_super, token)

    @property
    def everything(self) -> bool:
        """True when the operator reaches every platform, present and future."""
        return self.platforms is None

    def covers(self, platform_id: int | None) -> bool:
        """True when ``platform_id`` (``None``: every platform) lies inside the reach."""
        if self.platforms is None:
            return True
        return platform_id is not None and platform_id in self.platforms

    def covers_any(self, platform_ids: Iterable[int]) -> bool:
        """True when one of ``platform_ids`` lies inside the reach."""
        return self.platforms is None or any(p in self.platforms for p in platform_ids)

    def covers_all(self, platform_ids: Iterable[int | None]) -> bool:
        """True when every one of ``platform_ids`` lies inside the reach."""
        return all(self.covers(p) for p in platform_ids)

    def within(self, platform_ids: Collection[int]) -> list[int]:
        """The ones of ``platform_ids`` inside the reach, in their order."""
        return [p for p in platform_ids if self.covers(p)]

    def why_not(self) -> str:
        """The reason a platform outside the reach is refused."""
        if self.token_platform_id is not None:
            return "your API token is scoped to another platform"
        return "you are not an administrator of that platform"
