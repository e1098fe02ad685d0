"""The menu service: a frontend's menu from the enabled modules, filtered for the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.permissions import Principal
from mercato.ports.platforms import MenuConfiguration
from mercato.ports.scope import Scope

__all__ = ["MenuEntry", "MenuGroup", "MenuService"]


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """A menu item ready to render: its route has its placeholders filled in.

    ``available`` is False when its module's code failed (its routes did not mount): the
    item is shown as unavailable, not as a link that leads to a 404.
    """

    id: str
    label: str
    url: str
    icon: str
    module: str
    mandatory: bool
    available: bool = True


@dataclass(frozen=True, slots=True)
class MenuGroup:
    """A section of the rendered menu."""

    id: str
    label: str
    items: tuple[MenuEntry, ...]


def _rank(ranked: tuple[int, str, object]) -> tuple[int, str]:
    """Sort by (order, label) only: ties keep module order instead of comparing entries."""
    return ranked[0], ranked[1]


class MenuService:
    """Builds menus per frontend.

    Only modules enabled on the platform contribute; an item is shown when the viewer holds
    its permission and the platform has not hidden it (mandatory items cannot be hidden).
    Sections with the same id merge across modules; order is (order, label) at both levels.
    """

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        configuration: MenuConfiguration,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._configuration = configuration

    async def menu(
        self,
        scope: Scope,
        frontend: FrontendType,
        principal: Principal,
        vendor_slug: str | None = None,
        enabled: frozenset[str] | None = None,
    ) -> tuple[MenuGroup, ...]:
        """The menu of ``frontend`` for ``principal`` on the scope's platform.

        ``enabled`` is the platform's enabled set when the caller already read it.
        """
        if enabled is None:
            enabled = await self._enablement.enabled_on(scope.platform_id)
        hidden = await self._configuration.hidden_items(scope.platform_id, frontend.value)
        sections: dict[str, tuple[int, str, list[tuple[int, str, MenuEntry]]]] = {}
        for d in self._registry.ordered(enabled):
            available = d.code not in self._registry.unavailable
            for section in d.menus.get(frontend, ()):
                _, _, items = sections.setdefault(section.id, (section.order, section.label, []))
                for item in section.items:
                    if item.permission is not None and not principal.has(item.permission):
                        continue
                    if item.id in hidden and not item.mandatory:
                        continue
                    url = item.route.replace("{vendor}", vendor_slug or "")
                    entry = MenuEntry(
                        item.id, item.label, url, item.icon, d.code, item.mandatory, available
                    )
                    items.append((item.order, item.label, entry))
        groups = [
            (order, label, MenuGroup(sid, label, tuple(e for *_, e in sorted(items, key=_rank))))
            for sid, (order, label, items) in sections.items()
            if items
        ]
        return tuple(g for *_, g in sorted(groups, key=_rank))

    async def configurable_items(
        self, scope: Scope, frontend: FrontendType
    ) -> tuple[tuple[str, str, bool, bool], ...]:
        """Every item of enabled modules as ``(id, label, mandatory, hidden)``, for settings."""
        enabled = await self._enablement.enabled_on(scope.platform_id)
        hidden = await self._configuration.hidden_items(scope.platform_id, frontend.value)
        return tuple(
            (i.id, i.label, i.mandatory, i.id in hidden and not i.mandatory)
            for d in self._registry.ordered(enabled)
            for i in d.menu_items(frontend)
        )
