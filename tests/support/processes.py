"""Running Mercato as separate processes: the CLI, web servers, an installed test module."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = [
    "ROOT",
    "free_port",
    "install_entry_point",
    "mercato",
    "mercato_env",
    "serving",
    "working",
]

ROOT = Path(__file__).resolve().parents[2]
TEST_SECRET_KEY = "test-secret-key-for-mercato-processes-0123456789"
_WORKER_READY = ("arq worker ready", "in-process worker started")  # what mercato.worker logs


def install_entry_point(site: Path, dist: str, name: str, target: str) -> Path:
    """Install a distribution's metadata declaring a ``mercato.modules`` entry point.

    This is what pip writes for an installed package; the code itself is importable from
    the project root, which the processes get on ``PYTHONPATH``.
    """
    info = site / f"{dist}-0.1.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[mercato.modules]\n{name} = {target}\n")
    return site


def mercato_env(database_url: str, site: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a Mercato process on ``database_url`` (entry points from ``site``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_")}
    paths = [str(ROOT)] + ([str(site)] if site else [])
    env.update(
        PYTHONPATH=os.pathsep.join(paths),
        MERCATO_DATABASE_URL=database_url,
        MERCATO_SECRET_KEY=TEST_SECRET_KEY,
        MERCATO_ARGON2_TIME_COST="1",
        MERCATO_ARGON2_MEMORY_KIB="1024",
        **extra,
    )
    return env


def mercato(
    env: Mapping[str, str], *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``mercato ARGS`` in a new process."""
    result = subprocess.run(
        [sys.executable, "-m", "mercato.bootstrap.cli", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"mercato {' '.join(args)} failed: {result.stderr}")
    return result


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(env: Mapping[str, str], log: Path) -> Iterator[str]:
    """``mercato serve`` on a free port; yields its base URL; stopped by its pid afterwards."""
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mercato.bootstrap.cli", "serve", "--port", str(port)],
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        _stop(proc)


@contextmanager
def working(env: Mapping[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``mercato -v worker`` (arq when ``env`` has MERCATO_REDIS_URL); yields the process once
    it is ready to poll its queue; stopped by its pid afterwards unless it already died."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mercato.bootstrap.cli", "-v", "worker"],
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not any(ready in log.read_text() for ready in _WORKER_READY):
            if proc.poll() is not None:
                raise AssertionError(f"worker exited: {log.read_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"worker did not start: {log.read_text()}")
            time.sleep(0.1)
        yield proc
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
