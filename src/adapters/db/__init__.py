"""Shared database infrastructure: engine, metadata, unit of work, migrations.

The public surface for module authors is :data:`__all__`: ``metadata`` (the one SQLAlchemy
``MetaData`` every table is declared on), ``as_utc``/``utc_now`` (SQLite gives naive
datetimes back) and ``SqlAlchemyUnitOfWork``. The names are imported on first use, so
importing this package imports no framework.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mercato.adapters.db.metadata import metadata
    from mercato.adapters.db.timestamps import as_utc, utc_now
    from mercato.adapters.db.uow import SqlAlchemyUnitOfWork

_EXPORTS = {
    "SqlAlchemyUnitOfWork": "uow",
    "as_utc": "timestamps",
    "metadata": "metadata",
    "utc_now": "timestamps",
}

__all__ = ["SqlAlchemyUnitOfWork", "as_utc", "metadata", "utc_now"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
