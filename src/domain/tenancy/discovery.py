"""The permission catalogue as tenancy sees it (``PermissionDiscoveryService``).

Permissions come from the modules enabled on the platform: a preset role holds what enabled
modules give it, a custom role holds its own codes that an enabled module declares, and a
permission of a disabled module grants nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.kernel.permissions import PermissionCatalogue
from mercato.domain.tenancy.repository import RoleLookup

__all__ = ["CUSTOM_PREFIX", "PermissionDiscoveryService", "custom_role", "custom_role_id"]

CUSTOM_PREFIX = "custom:"
_ROLE_ID = re.compile(r"[1-9][0-9]{0,9}")  # ASCII digits, no leading zero: one spelling per id
_MAX_ROLE_ID = 2**31 - 1


def custom_role(role_id: int) -> str:
    """The role value of a membership holding custom role ``role_id``."""
    return f"{CUSTOM_PREFIX}{role_id}"


def custom_role_id(role: str) -> int | None:
    """The role id of ``custom:<id>``, or ``None`` for anything else.

    Only the spelling :func:`custom_role` writes is accepted: ``custom:03``, a full-width
    digit or a number beyond the id range is no role reference.
    """
    number = role.removeprefix(CUSTOM_PREFIX)
    if number == role or not _ROLE_ID.fullmatch(number):
        return None
    value = int(number)
    return value if value <= _MAX_ROLE_ID else None


class PermissionDiscoveryService:
    """Codes and presets of the enabled modules, and what a team role holds."""

    def __init__(self, catalogue: PermissionCatalogue, teams: RoleLookup) -> None:
        self._catalogue = catalogue
        self._teams = teams

    def all_codes(self, enabled: frozenset[str]) -> frozenset[str]:
        """Every permission of the enabled modules."""
        return self._catalogue.codes_for(enabled)

    def super_admin_codes(self, enabled: frozenset[str]) -> frozenset[str]:
        """The permissions of the enabled modules that only super admins hold."""
        return self._catalogue.super_admin_codes_for(enabled)

    def presets(self, enabled: frozenset[str]) -> Mapping[RolePreset, frozenset[str]]:
        """Each preset's permissions with these modules enabled."""
        return self._catalogue.presets_for(enabled)

    async def role_permissions(
        self, vendor_id: int, role: str, enabled: frozenset[str]
    ) -> frozenset[str]:
        """What ``role`` (a preset or ``custom:<id>`` of the vendor) holds among ``enabled``."""
        if role.startswith(CUSTOM_PREFIX):
            role_id = custom_role_id(role)
            found = None if role_id is None else await self._teams.role(vendor_id, role_id)
            return frozenset() if found is None else found.permissions & self.all_codes(enabled)
        try:
            preset = RolePreset(role)
        except ValueError:
            return frozenset()
        return self.presets(enabled).get(preset, frozenset())
