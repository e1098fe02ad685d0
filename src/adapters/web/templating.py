"""Jinja2: module template folders over the core templates."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from mercato.adapters.web.charts import (
    breakdown_chart,
    format_value,
    is_currency,
    timeseries_chart,
)

__all__ = ["TemplateLoaders", "create_environment"]

CORE_TEMPLATES = Path(__file__).parent / "templates"


class TemplateLoaders:
    """The loader chain: module folders in the order they were mounted, then the core folder.

    Module templates live under ``templates/<module>/`` so modules do not shadow each other;
    a module may override a core template (``base.html``) by shipping one of the same name.
    """

    def __init__(self) -> None:
        self._core = FileSystemLoader(str(CORE_TEMPLATES))
        self.chain = ChoiceLoader([self._core])

    def add_module(self, package: str) -> bool:
        """Put ``<package>/templates`` in front of the core templates; False if it has none."""
        folder = Path(str(resources.files(package))) / "templates"
        if not folder.is_dir():
            return False
        loaders: list[BaseLoader] = list(self.chain.loaders)
        loaders.insert(len(loaders) - 1, FileSystemLoader(str(folder)))
        self.chain.loaders = loaders
        return True


def create_environment(loaders: TemplateLoaders, auto_reload: bool = False) -> Environment:
    """An autoescaping environment over the loader chain.

    Templates are compiled once; with ``auto_reload`` (development) each render checks the
    files for changes first, at the price of a ``stat`` per template.
    """
    env = Environment(
        loader=loaders.chain,
        auto_reload=auto_reload,
        autoescape=select_autoescape(("html", "xml")),
        enable_async=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.filters["amount"] = format_value  # {{ value | amount(unit) }}: "EUR 1,234.50"
    env.tests["currency"] = is_currency  # {% if unit is currency %}: values are minor units
    env.globals["timeseries_chart"] = timeseries_chart
    env.globals["breakdown_chart"] = breakdown_chart
    return env


def _number(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
