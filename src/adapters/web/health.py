"""GET /health: is the process able to reach what it needs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from mercato.adapters.web.guards import PUBLIC

__all__ = ["HealthProbe", "HealthReport", "health"]


class HealthReport(msgspec.Struct):
    """``status`` is ``ok`` when the database (and Redis, if configured) answer."""

    status: str
    database: str
    redis: str


@dataclass
class HealthProbe:
    """Pings the database and Redis, each within a second."""

    engine: AsyncEngine
    redis: Redis | None

    async def database(self) -> str:
        """``ok`` or ``error: ...``."""
        try:
            async with asyncio.timeout(1.0), self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            return f"error: {type(exc).__name__}"
        return "ok"

    async def redis_status(self) -> str:
        """``disabled`` when no Redis is configured, else ``ok`` or ``error: ...``."""
        if self.redis is None:
            return "disabled"
        try:
            async with asyncio.timeout(1.0):
                await self.redis.ping()
        except Exception as exc:
            return f"error: {type(exc).__name__}"
        return "ok"


@get(
    "/health",
    opt=PUBLIC,
    tags=["health"],
    summary="Health of the process and its services",
    responses={503: ResponseSpec(HealthReport, description="The database or Redis is down")},
)
async def health(request: Request[Any, Any, Any]) -> Response[HealthReport]:
    """Database and Redis reachability; 503 when one of them is down."""
    probe: HealthProbe = request.app.state["health_probe"]
    db, rd = await asyncio.gather(probe.database(), probe.redis_status())
    ok = db == "ok" and rd in ("ok", "disabled")
    report = HealthReport("ok" if ok else "degraded", db, rd)
    return Response(report, status_code=200 if ok else 503)
