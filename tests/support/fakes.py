"""Test doubles of the ports the core module consumes: module components, menu configuration."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mercato.domain.kernel.enums import FrontendType

__all__ = ["FakeComponents", "FakeMenuConfiguration"]


class FakeComponents:
    """A :class:`domain.kernel.components.ModuleComponents` over plain dicts.

    Each dict maps a module code (for context: ``(code, frontend)``) to its provider. A value
    that is an exception is raised when the provider is asked for, like a module whose code
    cannot be imported or whose container cannot be built. ``requested`` records every
    look-up as ``(surface, code)``, so a test can tell which modules were never loaded.
    """

    def __init__(
        self,
        metrics: Mapping[str, Any] | None = None,
        widgets: Mapping[str, Any] | None = None,
        context: Mapping[tuple[str, FrontendType], Any] | None = None,
    ) -> None:
        self.metrics: dict[str, Any] = dict(metrics or {})
        self.widgets: dict[str, Any] = dict(widgets or {})
        self.context: dict[tuple[str, FrontendType], Any] = dict(context or {})
        self.requested: list[tuple[str, str]] = []

    @staticmethod
    def _build(provider: Any) -> Any:
        if isinstance(provider, BaseException):
            raise provider
        return provider

    def metrics_provider(self, code: str) -> Any:
        """The metrics provider registered for ``code``, or ``None``."""
        self.requested.append(("metrics", code))
        return self._build(self.metrics.get(code))

    def widget_provider(self, code: str) -> Any:
        """The widget provider registered for ``code``, or ``None``."""
        self.requested.append(("widgets", code))
        return self._build(self.widgets.get(code))

    def context_provider(self, code: str, frontend: FrontendType) -> Any:
        """The context provider registered for ``code`` and ``frontend``, or ``None``."""
        self.requested.append((f"context:{frontend}", code))
        return self._build(self.context.get((code, frontend)))

    def loaded(self) -> frozenset[str]:
        """The codes of every module something was asked of."""
        return frozenset(code for _, code in self.requested)


class FakeMenuConfiguration:
    """A :class:`ports.platforms.MenuConfiguration` in memory: hidden ids per platform/frontend.

    It is also a :class:`domain.tenancy.menus.MenuConfigurationStore`; ``writes`` records
    every ``set_hidden`` call as ``(platform_id, frontend, item_id, hidden)``.
    """

    def __init__(self) -> None:
        self.hidden: dict[tuple[int, str], set[str]] = {}
        self.writes: list[tuple[int, str, str, bool]] = []

    def hide(self, platform_id: int, frontend: FrontendType, item_ids: Iterable[str]) -> None:
        """Hide ``item_ids`` on ``frontend`` of the platform."""
        self.hidden.setdefault((platform_id, frontend.value), set()).update(item_ids)

    async def hidden_items(self, platform_id: int, frontend: str) -> frozenset[str]:
        """The ids hidden on this platform and frontend."""
        return frozenset(self.hidden.get((platform_id, frontend), set()))

    async def set_hidden(self, platform_id: int, frontend: str, item_id: str, hidden: bool) -> None:
        """Hide or show one item; repeating is harmless."""
        self.writes.append((platform_id, frontend, item_id, hidden))
        ids = self.hidden.setdefault((platform_id, frontend), set())
        if hidden:
            ids.add(item_id)
        else:
            ids.discard(item_id)
