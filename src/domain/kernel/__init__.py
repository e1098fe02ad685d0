"""The module kernel: definitions, discovery, validation, ordering and enablement.

Importing this package imports no module of Mercato beyond the kernel itself.
"""

from mercato.domain.kernel.definition import (
    EventSubscription,
    MenuItem,
    MenuSection,
    ModuleDefinition,
    PermissionDefinition,
    Ref,
    ScheduledTask,
    TaskDefinition,
)
from mercato.domain.kernel.enums import FrontendType, ModuleKind, RolePreset
from mercato.domain.kernel.errors import (
    CoreModuleCannotBeDisabled,
    DependencyCycle,
    InvalidModuleDefinition,
    KernelError,
    MissingDependency,
    ModuleQuarantined,
    ModuleRequiredByOthers,
    UnknownModule,
)

__all__ = [
    "CoreModuleCannotBeDisabled",
    "DependencyCycle",
    "EventSubscription",
    "FrontendType",
    "InvalidModuleDefinition",
    "KernelError",
    "MenuItem",
    "MenuSection",
    "MissingDependency",
    "ModuleDefinition",
    "ModuleKind",
    "ModuleQuarantined",
    "ModuleRequiredByOthers",
    "PermissionDefinition",
    "Ref",
    "RolePreset",
    "ScheduledTask",
    "TaskDefinition",
    "UnknownModule",
]
