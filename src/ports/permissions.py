"""Who is asking, and what they may do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = ["ALL_PERMISSIONS", "PermissionChecker", "Principal"]

ALL_PERMISSIONS = "*"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller.

    ``permissions`` holds permission codes (``products.edit``); the code ``"*"`` grants every
    permission of the enabled modules (super admins, the system itself).
    """

    id: str
    display_name: str
    permissions: frozenset[str] = field(default_factory=frozenset)
    is_authenticated: bool = True
    user_id: int | None = None
    email: str = ""

    def has(self, permission: str) -> bool:
        """True when this principal holds ``permission``."""
        return ALL_PERMISSIONS in self.permissions or permission in self.permissions

    def has_all(self, permissions: Iterable[str]) -> bool:
        """True when this principal holds every one of ``permissions``."""
        return all(self.has(p) for p in permissions)

    @classmethod
    def system(cls) -> Principal:
        """The principal of CLI commands and background tasks: allowed everything."""
        return cls(id="system", display_name="System", permissions=frozenset({ALL_PERMISSIONS}))

    @classmethod
    def anonymous(cls) -> Principal:
        """Nobody: holds no permission."""
        return cls(id="anonymous", display_name="Anonymous", is_authenticated=False)


@runtime_checkable
class PermissionChecker(Protocol):
    """Decides whether a principal may do something on a platform."""

    def allows(
        self, principal: Principal, permission: str, enabled_modules: frozenset[str]
    ) -> bool:
        """True when ``principal`` holds ``permission`` and the permission's module is enabled.

        Contract: a permission declared by a module that is not in ``enabled_modules`` grants
        nothing, whatever the principal holds.
        """
        ...
