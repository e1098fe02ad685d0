"""Menu configuration: which menu items a platform hides, per frontend.

The items are those the enabled modules declare (the kernel registry); a mandatory item
cannot be hidden. The core's menu service reads the same configuration when it builds menus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from mercato.domain.kernel.enablement import EnablementService
from mercato.domain.kernel.enums import FrontendType
from mercato.domain.kernel.registry import ModuleRegistry
from mercato.ports.errors import InvalidInput, NotFound

__all__ = [
    "CONFIGURABLE_FRONTENDS",
    "ConfigurableMenuItem",
    "MandatoryMenuItemCannotBeHidden",
    "MenuConfigurationService",
    "MenuConfigurationStore",
]

CONFIGURABLE_FRONTENDS = (FrontendType.ADMIN, FrontendType.VENDOR)


class MandatoryMenuItemCannotBeHidden(InvalidInput):
    """A mandatory menu item (such as the menu settings themselves) always shows."""


class MenuConfigurationStore(Protocol):
    """Stores which menu items a platform hides."""

    async def hidden_items(self, platform_id: int, frontend: str) -> frozenset[str]:
        """The ids of the items hidden on the platform's ``frontend``."""
        ...

    async def set_hidden(self, platform_id: int, frontend: str, item_id: str, hidden: bool) -> None:
        """Hide or show one item on the platform's ``frontend``; repeating is harmless."""
        ...


@dataclass(frozen=True, slots=True)
class ConfigurableMenuItem:
    """A menu item as the settings page shows it."""

    id: str
    label: str
    section: str
    module: str
    route: str
    mandatory: bool
    hidden: bool


class MenuConfigurationService:
    """Lists the enabled modules' menu items and hides or shows them on one platform."""

    def __init__(
        self,
        registry: ModuleRegistry,
        enablement: EnablementService,
        store: MenuConfigurationStore,
    ) -> None:
        self._registry = registry
        self._enablement = enablement
        self._store = store

    @staticmethod
    def frontend(value: str) -> FrontendType:
        """The configurable frontend called ``value``; ``InvalidInput`` otherwise."""
        for f in CONFIGURABLE_FRONTENDS:
            if f.value == value:
                return f
        names = ", ".join(f.value for f in CONFIGURABLE_FRONTENDS)
        raise InvalidInput(f"'{value}' is not a configurable frontend: choose {names}", "frontend")

    async def items(
        self, platform_id: int, frontend: FrontendType
    ) -> Sequence[ConfigurableMenuItem]:
        """The items of the modules enabled on the platform, in module order."""
        if frontend not in CONFIGURABLE_FRONTENDS:
            raise InvalidInput(f"the {frontend.value} menu is not configurable", "frontend")
        enabled = await self._enablement.enabled_on(platform_id)
        hidden = await self._store.hidden_items(platform_id, frontend.value)
        return [
            ConfigurableMenuItem(
                item.id,
                item.label,
                section.label,
                d.code,
                item.route,
                item.mandatory,
                item.id in hidden and not item.mandatory,
            )
            for d in self._registry.ordered(enabled)
            for section in d.menus.get(frontend, ())
            for item in section.items
        ]

    async def set_hidden(
        self, platform_id: int, frontend: FrontendType, item_id: str, hidden: bool
    ) -> ConfigurableMenuItem:
        """Hide or show one item; ``NotFound`` for an item no enabled module declares."""
        item = await self._item(platform_id, frontend, item_id)
        if hidden and item.mandatory:
            raise MandatoryMenuItemCannotBeHidden(
                f"'{item.label}' is a mandatory menu item and cannot be hidden", "hidden"
            )
        await self._store.set_hidden(platform_id, frontend.value, item_id, hidden)
        return await self._item(platform_id, frontend, item_id)

    async def configure(
        self, platform_id: int, frontend: FrontendType, hidden: Sequence[str]
    ) -> Sequence[ConfigurableMenuItem]:
        """Hide exactly the items ``hidden`` and show the others (a settings form's submit).

        Refused as a whole, before any change, when it names a mandatory or unknown item.
        """
        items = await self.items(platform_id, frontend)
        by_id = {i.id: i for i in items}
        wanted = set(hidden)
        unknown = sorted(wanted - by_id.keys())
        if unknown:
            raise NotFound(f"no menu item {', '.join(unknown)} on this menu", "hidden")
        mandatory = sorted(by_id[i].label for i in wanted if by_id[i].mandatory)
        if mandatory:
            raise MandatoryMenuItemCannotBeHidden(
                f"mandatory menu items cannot be hidden: {', '.join(mandatory)}", "hidden"
            )
        for item in items:
            if item.hidden != (item.id in wanted):
                await self._store.set_hidden(
                    platform_id, frontend.value, item.id, item.id in wanted
                )
        return await self.items(platform_id, frontend)

    async def _item(
        self, platform_id: int, frontend: FrontendType, item_id: str
    ) -> ConfigurableMenuItem:
        for item in await self.items(platform_id, frontend):
            if item.id == item_id:
                return item
        raise NotFound(f"no menu item '{item_id}' on the {frontend.value} menu", "item")
