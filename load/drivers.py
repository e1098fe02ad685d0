"""Driving one target for a fixed time: Debian's wrk when installed, else httpx clients.

Both report the same figures: requests completed, requests per second, latency (mean, p50,
p99) and errors: answers of 400 and above (wrk's count; httpx counts any answer but 200) and
failed connections, reads, writes or timeouts. Every target is checked to answer 200 with
the expected body just before and just after its timed run.
"""

from __future__ import annotations

import asyncio
import json
import math
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

__all__ = ["Driver", "HttpxDriver", "Measured", "WrkDriver", "pick_driver"]


@dataclass(frozen=True, slots=True)
class Measured:
    """What one timed run of one target gave."""

    requests: int
    seconds: float
    rps: float
    mean_ms: float
    p50_ms: float
    p99_ms: float
    errors: int

    def as_dict(self) -> dict[str, Any]:
        """The fields, for JSON."""
        return asdict(self)


class Driver(Protocol):
    """Sends GET requests to one URL with ``connections`` open connections."""

    name: str

    def run(self, url: str, headers: Mapping[str, str], seconds: float) -> Measured:
        """Keep every connection busy for ``seconds``; report what came back."""
        ...


# No ``response`` hook: running Lua on every answer costs wrk a quarter of its throughput,
# which on a small machine is taken from the servers. wrk counts answers of 400 and above.
_WRK_SCRIPT = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOAD-RESULT {"requests": %d, "duration_us": %d, "errors": %d, ' ..
    '"mean_us": %.3f, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(99)))
end
"""


class WrkDriver:
    """Debian's ``wrk``, with a Lua ``done`` hook that prints the figures as JSON."""

    name = "wrk"

    def __init__(self, executable: str, connections: int, threads: int = 1) -> None:
        self._wrk = executable
        self._connections = connections
        self._threads = threads

    def run(self, url: str, headers: Mapping[str, str], seconds: float) -> Measured:
        """Run wrk for ``seconds`` and parse the line its ``done`` hook prints."""
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(_WRK_SCRIPT)
        try:
            args = [
                self._wrk,
                f"-t{self._threads}",
                f"-c{self._connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                *(item for k, v in headers.items() for item in ("-H", f"{k}: {v}")),
                url,
            ]
            out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=300)
        finally:
            Path(script.name).unlink()
        line = next(x for x in out.stdout.splitlines() if x.startswith("LOAD-RESULT "))
        raw = json.loads(line.removeprefix("LOAD-RESULT "))
        elapsed = raw["duration_us"] / 1e6
        return Measured(
            requests=raw["requests"],
            seconds=elapsed,
            rps=raw["requests"] / elapsed if elapsed else 0.0,
            mean_ms=raw["mean_us"] / 1e3,
            p50_ms=raw["p50_us"] / 1e3,
            p99_ms=raw["p99_us"] / 1e3,
            errors=raw["errors"],
        )


class HttpxDriver:
    """``connections`` httpx clients on one event loop, each sending its next request as
    soon as the previous one is answered (the fallback when wrk is not installed)."""

    name = "httpx"

    def __init__(self, connections: int) -> None:
        self._connections = connections

    def run(self, url: str, headers: Mapping[str, str], seconds: float) -> Measured:
        """Run the clients for ``seconds``."""
        return asyncio.run(self._run(url, dict(headers), seconds))

    async def _run(self, url: str, headers: dict[str, str], seconds: float) -> Measured:
        latencies: list[float] = []
        errors = 0
        limits = httpx.Limits(max_connections=self._connections)
        started = time.perf_counter()
        deadline = started + seconds

        async def client(http: httpx.AsyncClient) -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    ok = (await http.get(url, headers=headers)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        async with httpx.AsyncClient(limits=limits, timeout=10) as http:
            await asyncio.gather(*(client(http) for _ in range(self._connections)))
        elapsed = time.perf_counter() - started
        ordered = sorted(latencies) or [0.0]
        return Measured(
            requests=len(latencies),
            seconds=elapsed,
            rps=len(latencies) / elapsed,
            mean_ms=statistics.fmean(ordered) * 1e3,
            p50_ms=_nearest_rank(ordered, 0.50) * 1e3,
            p99_ms=_nearest_rank(ordered, 0.99) * 1e3,
            errors=errors,
        )


def _nearest_rank(ordered: list[float], q: float) -> float:
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def pick_driver(preferred: str, connections: int) -> Driver:
    """``wrk`` when asked for (or ``auto``) and installed, else httpx."""
    wrk = shutil.which("wrk")
    if preferred == "wrk" and wrk is None:
        raise RuntimeError("MERCATO_LOAD_DRIVER=wrk but wrk is not installed (apt-get install wrk)")
    if preferred in ("wrk", "auto") and wrk is not None:
        return WrkDriver(wrk, connections)
    if preferred not in ("httpx", "auto"):
        raise ValueError(f"MERCATO_LOAD_DRIVER must be auto, wrk or httpx, not {preferred!r}")
    return HttpxDriver(connections)
