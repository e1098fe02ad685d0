"""What every ``mercato`` command shares: settings, running with a container, errors."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

import click

from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import close_container
from mercato.bootstrap.settings import Settings
from mercato.domain.kernel.errors import KernelError
from mercato.ports.errors import DomainError

__all__ = ["fail", "kernel_errors", "load_settings", "platform_id", "run", "warn"]

T = TypeVar("T")


def fail(message: str) -> NoReturn:
    """Print ``error: message`` on stderr and exit 1."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def warn(message: str) -> None:
    """Print ``warning: message`` on stderr and carry on."""
    click.echo(f"warning: {message}", err=True)


def load_settings() -> Settings:
    """Settings from the environment; an invalid value exits 1 naming the variable."""
    try:
        return Settings.from_env()
    except ValueError as exc:
        fail(str(exc))


def run(work: Callable[[ApplicationContainer], Awaitable[T]]) -> T:
    """Run ``work`` with a container; kernel and value errors become one-line messages."""

    async def go() -> T:
        container = create_container(load_settings())
        try:
            return await work(container)
        finally:
            await close_container(container)

    try:
        return asyncio.run(go())
    except (KernelError, DomainError, ValueError, LookupError) as exc:
        fail(str(exc))


def kernel_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`KernelError` raised by command ``f`` into a one-line error."""

    @wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except KernelError as exc:
            fail(str(exc))

    return wrapper


async def platform_id(container: ApplicationContainer, code: str) -> int:
    """The id of platform ``code``; ``LookupError`` saying how to create it."""
    p = await container.platform_directory().by_code(code)
    if p is None:
        raise LookupError(
            f"no platform '{code}' (create it: mercato platforms create {code} --name ...)"
        )
    return p.id
