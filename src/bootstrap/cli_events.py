"""``mercato events``: the deliveries that gave up, and trying them again."""

from __future__ import annotations

import click

from mercato.bootstrap.cli_support import run
from mercato.bootstrap.container import ApplicationContainer

__all__ = ["events"]


@click.group()
def events() -> None:
    """Events between modules (docs/architecture/events.md)."""


@events.command("failed")
@click.option("--limit", default=50, type=int, help="How many, the most recent first.")
def events_failed(limit: int) -> None:
    """List deliveries that gave up: event, handler, attempts, last error."""

    async def work(c: ApplicationContainer) -> list[str]:
        return [
            f"{d.next_attempt_at:%Y-%m-%d %H:%M}  {d.event.name}  {d.event.id}  "
            f"{d.module}.{d.handler}  attempts={d.attempts}  {d.last_error}"
            for d in await c.event_store().failed(limit)
        ]

    lines = run(work)
    for line in lines:
        click.echo(line)
    if not lines:
        click.echo("no failed deliveries")


@events.command("retry")
def events_retry() -> None:
    """Make every failed delivery due again (the next sweep runs it, attempts reset)."""

    async def work(c: ApplicationContainer) -> int:
        return await c.event_store().retry_failed(c.clock().now())

    click.echo(f"{run(work)} failed deliveries due again")
