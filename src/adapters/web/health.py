"""GET /health: is the process able to reach what it needs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from mercato.adapters.web.guards import ANY_HOST
from mercato.domain.kernel.registry import ModuleRegistry

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["HealthProbe", "HealthReport", "health"]


class HealthReport(msgspec.Struct):
    """``status`` is ``ok`` when the database (and Redis, if configured) answer and every
    installed module works; ``degraded`` otherwise. ``broken_modules`` maps each
    quarantined or unavailable module to its rule and reason."""

    status: str
    database: str
    redis: str
    broken_modules: dict[str, str] = msgspec.field(default_factory=dict)


@dataclass
class HealthProbe:
    """Pings the database and Redis, each within a second."""

    engine: AsyncEngine
    redis: Redis | None
    registry: ModuleRegistry | None = None

    def broken_modules(self) -> dict[str, str]:
        """Quarantined modules, and modules whose code failed in this process."""
        broken = () if self.registry is None else self.registry.broken()
        return {b.code: f"{b.rule} {b.reason}" for b in broken}

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
    opt=ANY_HOST,
    tags=["health"],
    summary="Health of the process and its services",
    operation_id="getHealth",
    responses={503: ResponseSpec(HealthReport, description="The database or Redis is down")},
)
async def health(request: Request[Any, Any, Any]) -> Response[HealthReport]:
    """Database and Redis reachability, and broken modules; 503 when a service is down.

    A broken module makes the report ``degraded`` but keeps 200: the process serves
    everything else, so a load balancer must not take it out of rotation.
    """
    probe: HealthProbe = request.app.state["health_probe"]
    db, rd = await asyncio.gather(probe.database(), probe.redis_status())
    reachable = db == "ok" and rd in ("ok", "disabled")
    broken = probe.broken_modules()
    report = HealthReport("ok" if reachable and not broken else "degraded", db, rd, broken)
    return Response(report, status_code=200 if reachable else 503)
