"""The permission catalogue as tenancy sees it (``PermissionDiscoveryService``).

Permissions come from the modules enabled on the platform: a preset role holds what enabled
modules give it, a custom role holds its own codes that an enabled module declares, and a
permission of a disabled module grants nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from mercato.domain.kernel.enums import RolePreset
from mercato.domain.kernel.permissions import PermissionCatalogue
from mercato.domain.tenancy.repository import TeamRepository

__all__ = ["CUSTOM_PREFIX", "PermissionDiscoveryService", "custom_role"]

CUSTOM_PREFIX = "custom:"


def custom_role(role_id: int) -> str:
    """The role value of a membership holding custom role ``role_id``."""
    return f"{CUSTOM_PREFIX}{role_id}"


class PermissionDiscoveryService:
    """Codes and presets of the enabled modules, and what a team role holds."""

    def __init__(self, catalogue: PermissionCatalogue, teams: TeamRepository) -> None:
        self._catalogue = catalogue
        self._teams = teams

    def all_codes(self, enabled: frozenset[str]) -> frozenset[str]:
        """Every permission of the enabled modules."""
        return self._catalogue.codes_for(enabled)

    def presets(self, enabled: frozenset[str]) -> Mapping[RolePreset, frozenset[str]]:
        """Each preset's permissions with these modules enabled."""
        return self._catalogue.presets_for(enabled)

    async def role_permissions(
        self, vendor_id: int, role: str, enabled: frozenset[str]
    ) -> frozenset[str]:
        """What ``role`` (a preset or ``custom:<id>`` of the vendor) holds among ``enabled``."""
        if role.startswith(CUSTOM_PREFIX):
            number = role.removeprefix(CUSTOM_PREFIX)
            found = await self._teams.role(vendor_id, int(number)) if number.isdigit() else None
            return frozenset() if found is None else found.permissions & self.all_codes(enabled)
        try:
            preset = RolePreset(role)
        except ValueError:
            return frozenset()
        return self.presets(enabled).get(preset, frozenset())
