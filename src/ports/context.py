"""Template context that modules contribute to a frontend's pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from mercato.ports.scope import Scope

__all__ = ["ContextProvider", "NullContextProvider"]


@runtime_checkable
class ContextProvider(Protocol):
    """Adds variables to the template context of one frontend."""

    async def context(self, scope: Scope) -> Mapping[str, object]:
        """Return variables for templates rendered in ``scope``.

        Contract: keys are namespaced by the module (``cms_pages``), values are plain data
        that templates can render; must not write. A provider that raises, hangs or returns
        something that is not a mapping with string keys is dropped from the context and its
        module reported unavailable.
        """
        ...


class NullContextProvider:
    """Contributes nothing."""

    async def context(self, scope: Scope) -> Mapping[str, object]:
        """Return an empty mapping."""
        return {}
