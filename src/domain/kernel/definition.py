"""The declarative description of a module: what it contributes to the shared surfaces.

A definition is frozen data. Everything that is code (providers, controllers, tasks, the
wiring container) is named by a :class:`Ref` string and imported only when the module is
enabled, so that importing a definition never imports the module's code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset

__all__ = [
    "EventSubscription",
    "MenuItem",
    "MenuSection",
    "ModuleDefinition",
    "PermissionDefinition",
    "Ref",
    "ScheduledTask",
    "TaskDefinition",
]

Ref = str
"""A lazy reference ``"package.module:attribute"``, imported by :mod:`domain.kernel.loading`."""


@dataclass(frozen=True, slots=True)
class PermissionDefinition:
    """A permission a module declares, such as ``products.edit``.

    A ``super_admin_only`` permission is held by super admins acting for every platform (not
    with a token scoped to one) and by nobody else: not a platform's administrators, not a
    role. It guards what spans the whole installation (the events outbox).
    """

    code: str
    label: str
    description: str = ""
    super_admin_only: bool = False

    @property
    def namespace(self) -> str:
        """The part before the first dot (``products`` of ``products.edit``)."""
        return self.code.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry of a frontend's menu.

    ``route`` may contain ``{vendor}``, filled in by the menu service. ``permission`` is the
    permission the viewer needs to see it (``None``: everyone who may see the frontend).
    A ``mandatory`` item cannot be hidden by a platform's menu configuration.
    """

    id: str
    label: str
    route: str
    icon: str = ""
    order: int = 100
    permission: str | None = None
    mandatory: bool = False


@dataclass(frozen=True, slots=True)
class MenuSection:
    """A titled group of menu items; sections with the same id from several modules merge."""

    id: str
    label: str
    items: tuple[MenuItem, ...] = ()
    order: int = 100


@dataclass(frozen=True, slots=True)
class TaskDefinition:
    """A background task of a module: its name (unique in the module) and its function."""

    name: str
    function: Ref
    timeout_seconds: int = 300


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    """A task run on a cron schedule, once per tick across all workers.

    ``task`` names a :class:`TaskDefinition` of the same module; ``cron`` is a five-field
    cron expression in UTC.
    """

    name: str
    cron: str
    task: str
    timeout_seconds: int = 300


@dataclass(frozen=True, slots=True)
class EventSubscription:
    """A handler a module declares for an event published by any module.

    ``event`` is the event's name (``"orders.placed"``); ``handler`` is a :class:`Ref` to
    an :class:`~mercato.ports.events.EventHandler`, or to a factory of one, unless the
    module's container has a provider called ``handler_<name>``. ``name`` is unique in the
    module and identifies the handler's deliveries.
    """

    name: str
    event: str
    handler: Ref


def _frozen(mapping: Mapping[FrontendType, object] | None) -> Mapping[FrontendType, object]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class ModuleDefinition:
    """Everything the kernel needs to know about a module, and nothing that runs.

    ``permission_namespaces`` defaults to the module's code; a module that declares
    ``products.edit`` and ``stock.adjust`` names both namespaces. ``role_presets`` maps a
    preset to the permission codes of this module that the preset receives.
    ``wiring`` names the module's dependency container (built by the composition root),
    ``routes`` its web route handlers, ``templates`` the package whose ``templates/`` folder
    holds its Jinja2 templates, ``migrations`` the package of its Alembic version folder.
    ``contracts`` maps a published contract (:func:`mercato.ports.contracts.contract_key`
    of a port Protocol) to the name of the provider of the module's container that
    implements it; ``event_handlers`` are the events the module reacts to.
    """

    code: str
    name: str
    description: str = ""
    version: str = "0.1.0"
    kind: ModuleKind = ModuleKind.OPTIONAL
    requires: tuple[str, ...] = ()
    menus: Mapping[FrontendType, tuple[MenuSection, ...]] = field(default_factory=dict)
    permissions: tuple[PermissionDefinition, ...] = ()
    permission_namespaces: tuple[str, ...] = ()
    role_presets: Mapping[RolePreset, tuple[str, ...]] = field(default_factory=dict)
    metrics_provider: Ref | None = None
    widget_provider: Ref | None = None
    context_providers: Mapping[FrontendType, Ref] = field(default_factory=dict)
    tasks: tuple[TaskDefinition, ...] = ()
    scheduled_tasks: tuple[ScheduledTask, ...] = ()
    billing_features: tuple[str, ...] = ()
    contracts: Mapping[str, str] = field(default_factory=dict)
    event_handlers: tuple[EventSubscription, ...] = ()
    wiring: Ref | None = None
    routes: Ref | None = None
    templates: str | None = None
    migrations: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "menus", _frozen(self.menus))
        object.__setattr__(self, "role_presets", MappingProxyType(dict(self.role_presets)))
        object.__setattr__(self, "context_providers", _frozen(self.context_providers))
        object.__setattr__(self, "contracts", MappingProxyType(dict(self.contracts)))
        if not self.permission_namespaces:
            object.__setattr__(self, "permission_namespaces", (self.code,))

    @property
    def is_core(self) -> bool:
        """Core modules are always enabled on every platform."""
        return self.kind is ModuleKind.CORE

    def permission_codes(self) -> frozenset[str]:
        """The codes of the permissions this module declares."""
        return frozenset(p.code for p in self.permissions)

    def menu_items(self, frontend: FrontendType) -> tuple[MenuItem, ...]:
        """Every menu item this module declares for ``frontend``."""
        return tuple(item for s in self.menus.get(frontend, ()) for item in s.items)

    def task(self, name: str) -> TaskDefinition | None:
        """This module's task called ``name``, if it declares one."""
        return next((t for t in self.tasks if t.name == name), None)
