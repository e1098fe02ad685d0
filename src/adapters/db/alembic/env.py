"""Alembic environment shared by every module's version folder (async engines)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from mercato.adapters.db.engine import create_engine
from mercato.adapters.db.metadata import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # ``mercato db revision --autogenerate`` compares one module's tables only.
        include_object=config.attributes.get("include_object"),
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(config.attributes["database_url"])
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run 'mercato db upgrade'")
asyncio.run(_run_async())
