"""``mercato db ...``: the database schema of every installed module."""

from __future__ import annotations

import click

from mercato.bootstrap.cli_support import kernel_errors, load_settings, warn

__all__ = ["db"]


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@kernel_errors
def db_upgrade() -> None:
    """Apply the migrations of every installed module (all Alembic heads); a broken module
    is skipped with a warning."""
    from mercato.bootstrap.migrations import upgrade_installed

    applied, skipped = upgrade_installed(load_settings())
    for broken in skipped:
        warn(f"skipped the migrations of broken {broken}")
    click.echo(f"database is up to date ({len(applied)} module branches: {', '.join(applied)})")


@db.command("revision")
@click.option("--module", "code", required=True, help="The module the revision belongs to.")
@click.option("-m", "--message", required=True, help="What the revision does.")
@click.option(
    "--autogenerate",
    is_flag=True,
    help="Write the operations from the module's tables compared with the database "
    "(upgrade it first).",
)
@kernel_errors
def db_revision(code: str, message: str, autogenerate: bool) -> None:
    """Create the next revision of a module's Alembic branch, in its own version folder."""
    from mercato.bootstrap.migrations import new_revision

    path = new_revision(load_settings(), code, message, autogenerate=autogenerate)
    click.echo(f"created {path}")
