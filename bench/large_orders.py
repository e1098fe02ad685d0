"""Order placement with stock reservation by concurrent clients, through the ASGI app."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import Counter
from typing import Any

from bench.asgi import AsgiClient
from bench.stats import Summary

__all__ = ["place_concurrently"]

_JSON = (b"content-type", b"application/json")


async def place_concurrently(
    client: AsgiClient, vendors: list[str], skus: dict[str, list[str]], per_client: int
) -> dict[str, Any]:
    """Client ``i`` places ``per_client`` orders of 1 to 3 lines for ``vendors[i]``, one
    after the other, all clients at once; orders per second, latencies, failures."""
    run = uuid.uuid4().hex[:8]
    statuses: Counter[str] = Counter()
    latencies: list[float] = []

    async def one_client(i: int, slug: str) -> None:
        pick = random.Random(f"{run}-{i}")
        for k in range(per_client):
            lines = pick.sample(skus[slug], k=min(len(skus[slug]), pick.randint(1, 3)))
            body = {
                "customer": {"email": f"bench-{run}-{i}-{k % 5}@example.com", "name": "Bench"},
                "lines": [{"sku": sku, "quantity": 1} for sku in lines],
            }
            key = (b"idempotency-key", f"bench-{run}-{i}-{k}".encode())
            start = time.perf_counter()
            status, _ = await client.request(
                "POST",
                f"/api/v1/vendors/{slug}/orders",
                json.dumps(body).encode(),
                (_JSON, key),
            )
            elapsed = time.perf_counter() - start
            statuses[str(status)] += 1
            if status == 201:
                latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(one_client(i, slug) for i, slug in enumerate(vendors)))
    wall = time.perf_counter() - started
    placed = statuses.get("201", 0)
    return {
        "vendors": len(set(vendors)),
        "attempted": len(vendors) * per_client,
        "placed": placed,
        "failed": sum(statuses.values()) - placed,
        "statuses": dict(statuses),
        "seconds": wall,
        "orders_per_second": placed / wall if wall else None,
        "latency": Summary.of(latencies).as_dict() if latencies else None,
    }
