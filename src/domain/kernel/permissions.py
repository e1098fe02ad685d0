"""The permission catalogue: what enabled modules declare, and the role presets they build.

It lives in the kernel because both the core module (menus, guards) and the tenancy module
(team roles) compute permissions from module definitions, and domain modules never import
each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mercato.domain.kernel.definition import PermissionDefinition
from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.enums import RolePreset
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.permissions import ALL_PERMISSIONS, Principal

__all__ = ["CataloguedPermission", "PermissionCatalogue"]


@dataclass(frozen=True, slots=True)
class CataloguedPermission:
    """A permission with the module that declares it."""

    module: str
    permission: PermissionDefinition


class PermissionCatalogue:
    """Permissions and role presets, computed from the modules enabled on a platform.

    A module enabled later adds its permissions to the presets; a permission of a module
    that is not enabled grants nothing.
    """

    def __init__(self, registry: ModuleRegistry, enablement: EnablementService) -> None:
        self._registry = registry
        self._enablement = enablement

    async def permissions(self, platform_id: int) -> tuple[CataloguedPermission, ...]:
        """Every permission of the modules enabled on the platform, in module order."""
        enabled = await self._enablement.enabled_on(platform_id)
        return tuple(
            CataloguedPermission(d.code, p)
            for d in self._registry.ordered(enabled)
            for p in d.permissions
        )

    async def presets(self, platform_id: int) -> Mapping[RolePreset, frozenset[str]]:
        """Each role preset's permission codes on the platform."""
        return self.presets_for(await self._enablement.enabled_on(platform_id))

    def codes_for(self, enabled: frozenset[str]) -> frozenset[str]:
        """Every permission code declared by the modules in ``enabled``, but those only
        super admins hold (:meth:`super_admin_codes_for`)."""
        return frozenset(
            p.code
            for d in self._registry.ordered(enabled)
            for p in d.permissions
            if not p.super_admin_only
        )

    def super_admin_codes_for(self, enabled: frozenset[str]) -> frozenset[str]:
        """The codes of the modules in ``enabled`` that only super admins hold."""
        return frozenset(
            p.code
            for d in self._registry.ordered(enabled)
            for p in d.permissions
            if p.super_admin_only
        )

    def presets_for(self, enabled: frozenset[str]) -> Mapping[RolePreset, frozenset[str]]:
        """Each role preset's permission codes when the modules ``enabled`` are on."""
        out: dict[RolePreset, set[str]] = {p: set() for p in RolePreset}
        for d in self._registry.ordered(enabled):
            for preset, codes in d.role_presets.items():
                out[RolePreset(preset)].update(codes)
        return {p: frozenset(c) for p, c in out.items()}

    def allows(
        self, principal: Principal, permission: str, enabled_modules: frozenset[str]
    ) -> bool:
        """True when ``principal`` holds ``permission`` and its module is enabled."""
        owner = self._registry.owner_of_permission(permission)
        if owner is None or owner not in enabled_modules:
            return False
        return principal.has(permission) or ALL_PERMISSIONS in principal.permissions
