"""``mercato modules ...`` and ``mercato tasks ...``: installed modules, enablement, tasks."""

from __future__ import annotations

import inspect
import json
import uuid
from typing import Any

import click

from mercato.bootstrap.cli_support import platform_id, run
from mercato.bootstrap.container import ApplicationContainer
from mercato.domain.kernel.enablement import ModuleStatus
from mercato.domain.kernel.loading import resolve_ref
from mercato.domain.kernel.registry import ModuleRegistry

__all__ = ["modules", "tasks"]


@click.group()
def modules() -> None:
    """Installed modules and their enablement per platform."""


def _status_row(s: ModuleStatus) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": s.name,
        "kind": s.kind,
        "version": s.version,
        "requires": list(s.requires),
        "enabled": s.enabled,
        "broken": s.broken,
        "reason": s.reason,
    }


async def _everywhere(c: ApplicationContainer) -> list[dict[str, Any]]:
    registry: ModuleRegistry = c.registry()
    on: dict[str, list[str]] = {}
    for p in await c.platform_directory().all():
        for code in await c.enablement().enabled_on(p.id):
            on.setdefault(code, []).append(p.code)
    rows = []
    for d in registry:
        where = on.get(d.code, [])
        if d.is_core:
            reason = "core module: always enabled"
        else:
            reason = f"enabled on {', '.join(where)}" if where else "not enabled on any platform"
        rows.append(
            {
                "code": d.code,
                "name": d.name,
                "kind": d.kind.value,
                "version": d.version,
                "requires": list(d.requires),
                "enabled": d.is_core or bool(where),
                "enabled_on": where,
                "broken": False,
                "reason": reason,
            }
        )
    for b in registry.set_aside():
        rows.append(
            {
                "code": b.code,
                "name": b.name or b.code,
                "kind": "broken",
                "version": b.version,
                "requires": list(b.requires),
                "enabled": False,
                "enabled_on": [],
                "broken": True,
                "reason": f"broken, cannot be enabled ({b.rule}, {b.origin}): {b.reason}",
            }
        )
    return rows


@modules.command("list")
@click.option("--platform", "platform_code", default=None, help="Platform code.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def modules_list(platform_code: str | None, as_json: bool) -> None:
    """Every installed module: kind, requirements, enabled, and why (not); broken modules
    are listed last with their reason."""

    async def work(c: ApplicationContainer) -> list[dict[str, Any]]:
        if platform_code:
            statuses = await c.enablement().status(await platform_id(c, platform_code))
            return [_status_row(s) for s in statuses]
        return await _everywhere(c)

    rows = run(work)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'CODE':<16}{'KIND':<10}{'ENABLED':<9}{'REQUIRES':<24}WHY")
    for r in rows:
        state = "broken" if r["broken"] and not r["enabled"] else ("yes" if r["enabled"] else "no")
        click.echo(
            f"{r['code']:<16}{r['kind']:<10}{state:<9}"
            f"{','.join(r['requires']) or '-':<24}{r['reason']}"
        )


def _change_enablement(code: str, platform_code: str, enable: bool) -> None:
    """Enable or disable ``code`` on the platform and print the outcome."""

    async def work(c: ApplicationContainer) -> str:
        platform = await platform_id(c, platform_code)
        service = c.enablement()
        change = await (service.enable if enable else service.disable)(platform, code)
        return change.message

    click.echo(run(work) + f" on platform '{platform_code}'")


@modules.command("enable")
@click.argument("code")
@click.option("--platform", "platform_code", required=True, help="Platform code.")
def modules_enable(code: str, platform_code: str) -> None:
    """Enable a module (and what it requires) on a platform; refused for a broken one."""
    _change_enablement(code, platform_code, enable=True)


@modules.command("disable")
@click.argument("code")
@click.option("--platform", "platform_code", required=True, help="Platform code.")
def modules_disable(code: str, platform_code: str) -> None:
    """Disable a module on a platform (refused while enabled modules require it)."""
    _change_enablement(code, platform_code, enable=False)


@click.group()
def tasks() -> None:
    """Background tasks of the installed modules."""


def _arguments(pairs: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.isidentifier():
            raise ValueError(f"--arg '{pair}' must look like name=value")
        try:
            out[key] = json.loads(raw)
        except json.JSONDecodeError:
            out[key] = raw
    return out


@tasks.command("run")
@click.argument("name")
@click.option("--platform", "platform_code", default=None, help="Run it for this platform.")
@click.option("--arg", "pairs", multiple=True, help="name=value (JSON or text), repeatable.")
def tasks_run(name: str, platform_code: str | None, pairs: tuple[str, ...]) -> None:
    """Run the task NAME (``module.task``) here and now, and print what it returned.

    With ``--platform``, the module must be enabled on that platform, and a task function
    that takes a ``platform_id`` parameter receives the platform's id.
    """

    async def work(c: ApplicationContainer) -> Any:
        runner = c.task_runner()
        kwargs = _arguments(pairs)
        if platform_code is not None:
            pid = await platform_id(c, platform_code)
            module = name.partition(".")[0]
            if module not in await c.enablement().enabled_on(pid):
                raise LookupError(f"module '{module}' is not enabled on platform '{platform_code}'")
            function = resolve_ref(runner.definition(name).function)
            if "platform_id" in inspect.signature(function).parameters:
                kwargs["platform_id"] = pid
        return await runner.run(name, f"cli:{uuid.uuid4().hex}", kwargs)

    click.echo(json.dumps(run(work), default=str))
