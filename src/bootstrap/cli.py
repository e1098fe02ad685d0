"""The ``mercato`` command."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import sys
from pathlib import Path

import click

from mercato.bootstrap.cli_db import db
from mercato.bootstrap.cli_events import events
from mercato.bootstrap.cli_modules import modules, tasks
from mercato.bootstrap.cli_support import kernel_errors as _kernel_errors
from mercato.bootstrap.cli_support import load_settings as _settings
from mercato.bootstrap.cli_support import platform_id as _platform_id
from mercato.bootstrap.cli_support import run as _run
from mercato.bootstrap.container import ApplicationContainer

__all__ = ["main"]


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

    from mercato.adapters.web.server import NoDelayH11Protocol

    s = _settings()
    logging.getLogger("mercato").setLevel(logging.INFO)
    # The app factory reads its settings from the environment: the address it serves on is
    # also the default address of its links (MERCATO_PUBLIC_URL unset).
    os.environ["MERCATO_HOST"], os.environ["MERCATO_PORT"] = host or s.host, str(port or s.port)
    uvicorn.run(
        "mercato.bootstrap.app:create_app_from_env",
        factory=True,
        host=host or s.host,
        port=port or s.port,
        workers=workers,
        log_level="info",
        http=NoDelayH11Protocol,
    )


@main.command()
@_kernel_errors
def worker() -> None:
    """Run a background worker (arq with MERCATO_REDIS_URL, else in-process)."""
    s = _settings()
    logging.getLogger("mercato").setLevel(logging.INFO)
    if s.redis_url:
        from arq.worker import run_worker

        from mercato.bootstrap.worker import create_worker_settings

        run_worker(create_worker_settings(s))
    else:
        from mercato.bootstrap.worker import run_in_process_worker

        asyncio.run(run_in_process_worker(s))


main.add_command(db)
main.add_command(events)
main.add_command(modules)
main.add_command(tasks)


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
    """Validate module structure and every installed module; print violations as
    'file:line: RULE message' (or 'entry point ...: RULE message')."""
    from mercato.bootstrap.check import check_installed, check_tree, default_root

    violations = [*check_tree(root or default_root()), *check_installed()]
    for v in violations:
        click.echo(str(v))
    if violations:
        click.echo(f"{len(violations)} violation(s)", err=True)
        sys.exit(1)
    click.echo("module structure: ok")


@main.group()
def users() -> None:
    """Users and administrators."""


def _read_password(generate: bool) -> tuple[str, bool]:
    if generate or sys.stdin.isatty():
        return secrets.token_urlsafe(12), True
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        return secrets.token_urlsafe(12), True
    return password, False


@users.command("create-admin")
@click.argument("email")
@click.option("--platform", "platform_code", default=None, help="Admin of this platform only.")
@click.option("--name", default="", help="Display name.")
@click.option("--generate", is_flag=True, help="Generate the password even if stdin has one.")
def users_create_admin(email: str, platform_code: str | None, name: str, generate: bool) -> None:
    """Create a super admin (or a platform admin); the password comes from stdin or is
    generated and printed once."""
    password, generated = _read_password(generate)

    async def work(c: ApplicationContainer) -> str:
        identity = c.components().container("tenancy").identity()
        pid = None if platform_code is None else await _platform_id(c, platform_code)
        user = await identity.create_user(email, password, name)
        await identity.grant_admin(user.id, pid)
        scope = "every platform" if pid is None else f"platform '{platform_code}'"
        return f"created {user.email}, administrator of {scope}"

    click.echo(_run(work))
    if generated:
        click.echo(f"password (shown once): {password}")


@main.group()
def vendors() -> None:
    """Vendors (shops)."""


@vendors.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name.")
@click.option("--company", required=True, help="Company name (created if new).")
@click.option("--platform", "platform_codes", multiple=True, help="Platform to join (repeatable).")
@click.option("--owner", default=None, help="E-mail of an existing user to make owner.")
def vendors_create(
    slug: str, name: str, company: str, platform_codes: tuple[str, ...], owner: str | None
) -> None:
    """Create a vendor of a company and join it to platforms."""

    async def work(c: ApplicationContainer) -> str:
        t = c.components().container("tenancy")
        found = await t.companies().by_name(company)
        company_id = found.id if found else (await t.companies().create(company)).id
        pids = [await _platform_id(c, code) for code in platform_codes]
        vendor = await t.vendors().create(slug, name, company_id, pids)
        if owner:
            user = await t.identity().by_email(owner)
            if user is None:
                raise LookupError(f"no user {owner}")
            await t.teams().add_member(vendor.id, user.id, "owner")
        joined = ", ".join(platform_codes) or "no platform yet"
        return f"created vendor '{vendor.slug}' ({vendor.name}) on {joined}"

    click.echo(_run(work))


@main.group()
def tokens() -> None:
    """Personal API tokens."""


@tokens.command("create")
@click.argument("email")
@click.option("--name", default="cli", help="What the token is for.")
@click.option("--platform", "platform_code", default=None, help="Scope: this platform.")
@click.option("--vendor", "vendor_slug", default=None, help="Scope: this vendor.")
@click.option("--every-platform", is_flag=True, help="No scope: every platform (super admins).")
def tokens_create(
    email: str, name: str, platform_code: str | None, vendor_slug: str | None, every_platform: bool
) -> None:
    """Issue an API token for a user, scoped to a platform they administer or a vendor whose
    team they are on, or (a super admin's) to every platform; the secret is printed once."""

    async def work(c: ApplicationContainer) -> str:
        t = c.components().container("tenancy")
        user = await t.identity().by_email(email)
        if user is None:
            raise LookupError(f"no user {email}")
        if [platform_code is not None, vendor_slug is not None, every_platform].count(True) != 1:
            raise ValueError("give exactly one of --platform, --vendor and --every-platform")
        if every_platform:
            _, secret = await t.tokens().issue(user.id, name, every_platform=True)
        elif platform_code is not None:
            pid = await _platform_id(c, platform_code)
            if not await t.access().is_admin_of(user.id, pid):
                raise ValueError(f"{email} is not an administrator of '{platform_code}'")
            _, secret = await t.tokens().issue(user.id, name, platform_id=pid)
        else:
            vendor = await t.vendors().by_slug(vendor_slug or "")
            if vendor is None or await t.teams().membership(vendor.id, user.id) is None:
                raise ValueError(f"{email} is not on the team of '{vendor_slug}'")
            _, secret = await t.tokens().issue(user.id, name, vendor_id=vendor.id)
        return str(secret)

    click.echo(_run(work))


@main.command()
@click.option("--password", default=None, help="Password of every demo account (else generated).")
@click.option(
    "--size",
    type=click.Choice(["small", "large"]),
    default="small",
    help="large: also ~1,000 vendors, 200,000 variants, 100,000 customers, 1,000,000 orders "
    "(PostgreSQL only, written in bulk).",
)
@click.option(
    "--scale",
    type=click.FloatRange(0, 1, min_open=True),
    default=1.0,
    help="With --size large: the fraction of the full size to write (0.01: a hundredth).",
)
@click.option(
    "--days",
    default=90,
    show_default=True,
    type=click.IntRange(1, 366),
    help="Days of order history for each demo vendor.",
)
def demo(password: str | None, size: str, scale: float, days: int) -> None:
    """Seed a believable demo once: two platforms, companies, vendors on one or both
    platforms, teams with every role, administrators, and (with the commerce modules)
    customers, products, stock and days of orders."""
    from mercato.bootstrap.demo import DemoReport, seed_demo

    if size == "large":
        _large_demo(password, scale)
        return

    async def work(c: ApplicationContainer) -> DemoReport:
        return await seed_demo(c, password, days)

    report = _run(work)
    if not report.created:
        click.echo("demo data: already present (sign in as admin@demo.mercato)")
        return
    click.echo("demo data: seeded. Sign in at /auth/login with one of:")
    for account in report.accounts:
        click.echo(f"  {account}")
    click.echo(f"password of every demo account (shown once): {report.password}")


def _large_demo(password: str | None, scale: float) -> None:
    from mercato.bootstrap.demo_large.seed import seed_large_demo

    demo, large = _run(lambda c: seed_large_demo(c, password, scale, click.echo))
    if demo.created:
        click.echo(f"password of every demo account (shown once): {demo.password}")
    if not large.created:
        click.echo("large demo data: already present")


if __name__ == "__main__":
    main()
