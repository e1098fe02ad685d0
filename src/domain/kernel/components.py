"""How the core reaches the providers of enabled modules without importing them."""

from __future__ import annotations

from typing import Protocol

from mercato.domain.kernel.enums import FrontendType
from mercato.ports.context import ContextProvider
from mercato.ports.metrics import MetricsProvider
from mercato.ports.widgets import DashboardWidgetProvider

__all__ = ["ModuleComponents"]


class ModuleComponents(Protocol):
    """Looks up a module's providers; the composition root implements it.

    Each method loads the module's code on first use (lazy loading) and returns ``None``
    when the module declares no such provider. Raises whatever building the provider raises;
    the aggregators isolate that like any other provider failure.
    """

    def metrics_provider(self, code: str) -> MetricsProvider | None:
        """The metrics provider of module ``code``, or ``None``."""
        ...

    def widget_provider(self, code: str) -> DashboardWidgetProvider | None:
        """The widget provider of module ``code``, or ``None``."""
        ...

    def context_provider(self, code: str, frontend: FrontendType) -> ContextProvider | None:
        """The context provider of module ``code`` for ``frontend``, or ``None``."""
        ...
