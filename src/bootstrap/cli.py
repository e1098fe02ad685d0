"""The ``mercato`` command."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from bootstrap.container import ApplicationContainer, create_container
from bootstrap.library import close_container
from bootstrap.settings import Settings
from domain.kernel.errors import KernelError

__all__ = ["main"]

T = TypeVar("T")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        _fail(str(exc))
        raise  # unreachable


def _run(work: Callable[[ApplicationContainer], Awaitable[T]]) -> T:
    """Run ``work`` with a container; kernel and value errors become one-line messages."""

    async def go() -> T:
        container = create_container(_settings())
        try:
            return await work(container)
        finally:
            await close_container(container)

    try:
        return asyncio.run(go())
    except (KernelError, ValueError, LookupError) as exc:
        _fail(str(exc))
        raise  # unreachable


def _kernel_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except KernelError as exc:
            _fail(str(exc))

    return wrapper


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO level.")
def main(verbose: bool) -> None:
    """Mercato: a modular, multi-platform marketplace."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.option("--host", default=None, help="Interface to bind (default MERCATO_HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default MERCATO_PORT or 8000).")
@click.option("--workers", default=1, type=int, help="Web processes.")
@_kernel_errors
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the web admin and the JSON API."""
    import uvicorn

    s = _settings()
    logging.getLogger("mercato").setLevel(logging.INFO)
    uvicorn.run(
        "bootstrap.app:create_app_from_env",
        factory=True,
        host=host or s.host,
        port=port or s.port,
        workers=workers,
        log_level="info",
    )


@main.command()
@_kernel_errors
def worker() -> None:
    """Run a background worker (arq with MERCATO_REDIS_URL, else in-process)."""
    s = _settings()
    logging.getLogger("mercato").setLevel(logging.INFO)
    if s.redis_url:
        from arq.worker import run_worker

        from bootstrap.worker import create_worker_settings

        run_worker(create_worker_settings(s))
    else:
        from bootstrap.worker import run_in_process_worker

        asyncio.run(run_in_process_worker(s))


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@_kernel_errors
def db_upgrade() -> None:
    """Apply the migrations of every installed module (all Alembic heads)."""
    from bootstrap.migrations import upgrade_all

    s = _settings()
    applied = upgrade_all(s)
    click.echo(f"database is up to date ({len(applied)} module branches: {', '.join(applied)})")


@main.group()
def modules() -> None:
    """Installed modules and their enablement per platform."""


async def _platform_id(container: ApplicationContainer, code: str) -> int:
    p = await container.platform_directory().by_code(code)
    if p is None:
        raise LookupError(
            f"no platform '{code}' (create it: mercato platforms create {code} --name ...)"
        )
    return p.id


@modules.command("list")
@click.option("--platform", "platform_code", default=None, help="Platform code.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def modules_list(platform_code: str | None, as_json: bool) -> None:
    """Every installed module: kind, requirements, enabled, and why (not)."""

    async def work(c: ApplicationContainer) -> list[dict[str, Any]]:
        enablement = c.enablement()
        if platform_code:
            statuses = await enablement.status(await _platform_id(c, platform_code))
            return [
                {
                    "code": s.code,
                    "name": s.name,
                    "kind": s.kind,
                    "version": s.version,
                    "requires": list(s.requires),
                    "enabled": s.enabled,
                    "reason": s.reason,
                }
                for s in statuses
            ]
        platforms = await c.platform_directory().all()
        on: dict[str, list[str]] = {}
        for p in platforms:
            for code in await enablement.enabled_on(p.id):
                on.setdefault(code, []).append(p.code)
        rows = []
        for d in c.registry():
            where = on.get(d.code, [])
            if d.is_core:
                reason = "core module: always enabled"
            elif where:
                reason = f"enabled on {', '.join(where)}"
            else:
                reason = "not enabled on any platform"
            rows.append(
                {
                    "code": d.code,
                    "name": d.name,
                    "kind": d.kind.value,
                    "version": d.version,
                    "requires": list(d.requires),
                    "enabled": d.is_core or bool(where),
                    "enabled_on": where,
                    "reason": reason,
                }
            )
        return rows

    rows = _run(work)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'CODE':<16}{'KIND':<10}{'ENABLED':<9}{'REQUIRES':<24}WHY")
    for r in rows:
        click.echo(
            f"{r['code']:<16}{r['kind']:<10}{'yes' if r['enabled'] else 'no':<9}"
            f"{','.join(r['requires']) or '-':<24}{r['reason']}"
        )


@modules.command("enable")
@click.argument("code")
@click.option("--platform", "platform_code", required=True, help="Platform code.")
def modules_enable(code: str, platform_code: str) -> None:
    """Enable a module (and what it requires) on a platform."""

    async def work(c: ApplicationContainer) -> str:
        change = await c.enablement().enable(await _platform_id(c, platform_code), code)
        return change.message

    click.echo(_run(work) + f" on platform '{platform_code}'")


@modules.command("disable")
@click.argument("code")
@click.option("--platform", "platform_code", required=True, help="Platform code.")
def modules_disable(code: str, platform_code: str) -> None:
    """Disable a module on a platform (refused while enabled modules require it)."""

    async def work(c: ApplicationContainer) -> str:
        change = await c.enablement().disable(await _platform_id(c, platform_code), code)
        return change.message

    click.echo(_run(work) + f" on platform '{platform_code}'")


@main.group()
def platforms() -> None:
    """Platforms (market brands)."""


@platforms.command("create")
@click.argument("code")
@click.option("--name", required=True, help="Display name.")
@click.option("--domain", "domains", multiple=True, help="Host name it answers on (repeatable).")
def platforms_create(code: str, name: str, domains: tuple[str, ...]) -> None:
    """Create a platform."""

    async def work(c: ApplicationContainer) -> str:
        p = await c.components().container("tenancy").platforms().create(code, name, domains)
        return f"created platform '{p.code}' ({p.name}), id {p.id}"

    click.echo(_run(work))


@platforms.command("list")
def platforms_list() -> None:
    """List platforms."""

    async def work(c: ApplicationContainer) -> list[str]:
        return [
            f"{p.code:<20}{p.name:<30}{', '.join(p.domains) or '-'}"
            for p in await c.platform_directory().all()
        ]

    for line in _run(work):
        click.echo(line)


@main.command()
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Source root holding ports/, domain/, adapters/ (default: Mercato's own).",
)
def check(root: Path | None) -> None:
    """Validate module structure; print violations as 'file:line: RULE message'."""
    from bootstrap.check import check_tree, default_root

    violations = check_tree(root or default_root())
    for v in violations:
        click.echo(str(v))
    if violations:
        click.echo(f"{len(violations)} violation(s)", err=True)
        sys.exit(1)
    click.echo("module structure: ok")


@main.command()
def demo() -> None:
    """Seed demo data once: two platforms (idempotent; later modules add to it)."""

    async def work(c: ApplicationContainer) -> list[str]:
        service = c.components().container("tenancy").platforms()
        made = []
        for code, name, domain in (
            ("north", "North Market", "north.localhost"),
            ("south", "South Bazaar", "south.localhost"),
        ):
            if await service.get(code) is None:
                await service.create(code, name, [domain])
                made.append(code)
        return made

    made = _run(work)
    if made:
        click.echo(f"demo data: created platforms {', '.join(made)}")
    else:
        click.echo("demo data: already present")


if __name__ == "__main__":
    main()
