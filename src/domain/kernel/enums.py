"""Shared enums of the kernel.

Kept in a module of their own that imports nothing of Mercato, so that importing
``FrontendType`` never triggers module discovery (the seed's circular-import lesson).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["FrontendType", "ModuleKind", "RolePreset"]


class FrontendType(StrEnum):
    """The four frontends a module can contribute menus and context to."""

    PLATFORM = "platform"
    ADMIN = "admin"
    VENDOR = "vendor"
    STOREFRONT = "storefront"


class ModuleKind(StrEnum):
    """Core modules are always enabled; optional ones are enabled per platform."""

    CORE = "core"
    OPTIONAL = "optional"


class RolePreset(StrEnum):
    """The vendor-team role presets whose permissions modules contribute to."""

    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"
    VIEWER = "viewer"
