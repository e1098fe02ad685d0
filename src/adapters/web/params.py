"""Request parameters that every module's routes share: row ids in paths and bodies.

A row id is a positive 32-bit integer (an ``INTEGER`` key on PostgreSQL). A larger number is
refused as invalid input (400) before it reaches a query, which would fail on it (SQLite
cannot bind it, PostgreSQL refuses it) instead of finding nothing.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.params import PathParameter

__all__ = ["MAX_ID", "Id", "PathId"]

MAX_ID = 2**31 - 1

PathId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
"""A row id in the path: ``user_id: PathId`` for ``/users/{user_id:int}``."""

Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
"""A row id in a request body."""
