"""What a load run drives: a seeded database and the two servers, stopped by their pids."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["Seeded", "mercato_env", "seed", "serve", "sign_in"]

ROOT = Path(__file__).resolve().parent.parent
# Signs sessions and CSRF tokens; given explicitly so that no var/secret.key is read or written.
LOAD_SECRET_KEY = "mercato-load-secret-key-0123456789abcdef"
PLATFORM, PLATFORM_HOST = "north", "north.localhost"
VENDOR = "fjord-outfitters"  # a demo vendor on north
ADMIN = "admin@demo.mercato"
OWNER = f"owner@{VENDOR}.demo.mercato"
_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Seeded:
    """The demo's credentials the targets use."""

    password: str
    admin_token: str
    """A super admin's API token scoped to north."""
    owner_token: str
    """The vendor owner's API token scoped to the vendor."""


def mercato_env(database_url: str) -> dict[str, str]:
    """The environment of the Mercato processes: PostgreSQL, no Redis, a fixed secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_")}
    env.update(
        PYTHONPATH=str(ROOT),
        MERCATO_DATABASE_URL=database_url,
        MERCATO_SECRET_KEY=LOAD_SECRET_KEY,
    )
    connections = os.environ.get("MERCATO_LOAD_PROVIDER_CONNECTIONS", "").strip()
    if connections:  # the providers' strategy under test (ADR 0016); else the default
        env["MERCATO_PROVIDER_CONNECTIONS"] = connections
    return env


def _mercato(env: Mapping[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mercato.bootstrap.cli", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"mercato {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def seed(env: Mapping[str, str], password: str) -> Seeded:
    """``mercato db upgrade``, ``mercato demo`` and two ``mercato tokens create``."""
    _mercato(env, "db", "upgrade")
    _mercato(env, "demo", "--password", password)
    admin = _mercato(env, "tokens", "create", ADMIN, "--name", "load", "--platform", PLATFORM)
    owner = _mercato(env, "tokens", "create", OWNER, "--name", "load", "--vendor", VENDOR)
    return Seeded(password, admin.splitlines()[-1], owner.splitlines()[-1])


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the form on north; the ``Cookie`` header of the session."""
    with httpx.Client(base_url=base, headers={"host": PLATFORM_HOST}, timeout=30) as http:
        form = http.get("/auth/login", headers={"accept": "text/html"})
        found = _CSRF.search(form.text)
        if found is None:
            raise RuntimeError(f"no CSRF token on the sign-in form ({form.status_code})")
        done = http.post(
            "/auth/login",
            data={"email": email, "password": password, "next": "/", "_csrf_token": found[1]},
            headers={"accept": "text/html"},
        )
        if done.status_code != 303 or "mercato_session" not in http.cookies:
            raise RuntimeError(f"sign-in as {email} failed: {done.status_code}")
        return f"mercato_session={http.cookies['mercato_session']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(
    name: str, command: list[str], env: Mapping[str, str], ready: str, log: Path
) -> Iterator[str]:
    """Run ``command`` (``{port}`` in it is replaced) until ``GET ready`` answers 200; yield
    the base URL; stop the process by its pid afterwards."""
    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [part.replace("{port}", str(port)) for part in command],
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + ready, headers={"host": PLATFORM_HOST}).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
