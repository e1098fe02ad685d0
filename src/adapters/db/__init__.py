"""Shared database infrastructure: engine, metadata, unit of work, migrations.

The public surface for module authors is :data:`__all__`: ``metadata`` (the one SQLAlchemy
``MetaData`` every table is declared on), ``as_utc``/``utc_now`` (SQLite gives naive
datetimes back) and ``SqlAlchemyUnitOfWork``. They are bound here at import (every module
of this package needs SQLAlchemy anyway): ``metadata`` is also the name of a sub-module, and
a lazily looked-up name would be shadowed by that sub-module once it is imported.
"""

from mercato.adapters.db.metadata import metadata
from mercato.adapters.db.timestamps import as_utc, utc_now
from mercato.adapters.db.uow import SqlAlchemyUnitOfWork

__all__ = ["SqlAlchemyUnitOfWork", "as_utc", "metadata", "utc_now"]
