"""What a module's ``routes`` reference points to: its handlers and their dependencies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ModuleWeb"]


@dataclass(frozen=True)
class ModuleWeb:
    """A module's web surface.

    ``handlers`` are Litestar controllers or route handlers; ``dependencies`` maps a handler
    parameter name to a provider of the module's container (``{"platforms": "platforms"}``),
    bridged into Litestar by the app factory with a plain function.
    """

    handlers: Sequence[Any]
    dependencies: Mapping[str, str] = field(default_factory=dict)
