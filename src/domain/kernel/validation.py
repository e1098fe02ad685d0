"""The rules every module definition must keep, checked all at once at start-up."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from croniter import croniter

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.enums import FrontendType, ModuleKind
from mercato.domain.kernel.errors import InvalidModuleDefinition

__all__ = ["definition_problems", "validate_definitions"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_PERMISSION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_*]+)+$")
_REF = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


def validate_definitions(definitions: Sequence[ModuleDefinition]) -> None:
    """Raise :class:`InvalidModuleDefinition` for the first module that breaks a rule.

    The error lists every problem of that module; the rules are those of
    :func:`definition_problems`.
    """
    problems = definition_problems(definitions)
    for d in definitions:
        if problems.get(d.code):
            raise InvalidModuleDefinition(d.code, problems[d.code])


def definition_problems(definitions: Sequence[ModuleDefinition]) -> dict[str, list[str]]:
    """Every broken rule, by module code (modules without problems are absent).

    Rules: codes are unique snake-case names; permission codes are unique and prefixed by
    one of their module's namespaces, and no two modules share a namespace; menu item ids
    are unique per frontend; a menu item's permission is declared by its module or by a
    module it requires; role presets name the module's own permissions; scheduled tasks
    name a declared task and a valid cron expression; references look like
    ``package.module:attribute``; a core module requires only core modules. A clash (a
    code, a namespace, a menu item id) is charged to the module that comes later in
    ``definitions``.
    """
    problems: dict[str, list[str]] = defaultdict(list)
    by_code: dict[str, ModuleDefinition] = {}
    for d in definitions:
        if d.code in by_code:
            problems[d.code].append(f"module code '{d.code}' is declared twice")
        by_code.setdefault(d.code, d)
    _check_namespaces(definitions, problems)
    _check_menu_ids(definitions, problems)
    for d in definitions:
        _check_one(d, by_code, problems)
    return {code: found for code, found in problems.items() if found}


def _check_one(
    d: ModuleDefinition,
    by_code: Mapping[str, ModuleDefinition],
    problems: dict[str, list[str]],
) -> None:
    out = problems[d.code]
    out += _identity_problems(d, by_code)
    out += _permission_problems(d)
    out += _menu_problems(d, by_code)
    out += _task_problems(d)
    out += _wiring_problems(d)
    out += [
        f"{label} reference '{ref}' must look like 'package.module:attribute'"
        for label, ref in _refs(d)
        if not _REF.match(ref)
    ]


def _identity_problems(d: ModuleDefinition, by_code: Mapping[str, ModuleDefinition]) -> list[str]:
    out = []
    if not _CODE.match(d.code):
        out.append(f"code '{d.code}' must be snake_case (a-z, 0-9, _), starting with a letter")
    if not d.name.strip():
        out.append("name must not be empty")
    if d.code in d.requires:
        out.append("a module cannot require itself")
    for req in d.requires:
        other = by_code.get(req)
        if d.kind is ModuleKind.CORE and other is not None and other.kind is ModuleKind.OPTIONAL:
            out.append(f"core module requires optional module '{req}'")
    return out


def _permission_problems(d: ModuleDefinition) -> list[str]:
    out = []
    seen: set[str] = set()
    for p in d.permissions:
        if not _PERMISSION.match(p.code):
            out.append(f"permission '{p.code}' must look like 'namespace.action'")
        elif p.namespace not in d.permission_namespaces:
            out.append(
                f"permission '{p.code}' is not in the module's namespaces "
                f"{list(d.permission_namespaces)}"
            )
        if p.code in seen:
            out.append(f"permission '{p.code}' is declared twice")
        seen.add(p.code)
    own = d.permission_codes()
    only_super = {p.code for p in d.permissions if p.super_admin_only}
    for preset, codes in d.role_presets.items():
        out += [
            f"role preset '{preset}' names unknown permission '{c}'" for c in codes if c not in own
        ]
        out += [
            f"role preset '{preset}' names '{c}', which only super admins hold"
            for c in codes
            if c in only_super
        ]
    return out


def _menu_problems(d: ModuleDefinition, by_code: Mapping[str, ModuleDefinition]) -> list[str]:
    out = []
    visible = d.permission_codes() | _required_permissions(d, by_code)
    for frontend in d.menus:
        if not isinstance(frontend, FrontendType):
            out.append(f"menu key {frontend!r} is not a FrontendType")
            continue
        for item in d.menu_items(frontend):
            if item.permission is not None and item.permission not in visible:
                out.append(
                    f"menu item '{item.id}' needs permission '{item.permission}', which "
                    "neither this module nor a module it requires declares"
                )
    return out


def _task_problems(d: ModuleDefinition) -> list[str]:
    out = []
    task_names = [t.name for t in d.tasks]
    if len(set(task_names)) != len(task_names):
        out.append("task names must be unique within the module")
    out += [f"task '{t.name}' needs a positive timeout" for t in d.tasks if t.timeout_seconds <= 0]
    for st in d.scheduled_tasks:
        if st.task not in task_names:
            out.append(f"scheduled task '{st.name}' names undeclared task '{st.task}'")
        if len(st.cron.split()) != 5 or not croniter.is_valid(st.cron):
            out.append(f"scheduled task '{st.name}' has invalid cron expression '{st.cron}'")
        if st.timeout_seconds <= 0:
            out.append(f"scheduled task '{st.name}' needs a positive timeout")
    return out


_CONTRACT = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")
_EVENT = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")


def _wiring_problems(d: ModuleDefinition) -> list[str]:
    out = []
    if d.contracts and d.wiring is None:
        out.append("a module that publishes contracts needs a wiring container")
    for key, provider in d.contracts.items():
        if not _CONTRACT.match(key):
            out.append(f"contract '{key}' must look like 'package.module:Protocol'")
        if not provider.isidentifier():
            out.append(f"contract '{key}' names provider '{provider}', not an identifier")
    names = [h.name for h in d.event_handlers]
    if len(set(names)) != len(names):
        out.append("event handler names must be unique within the module")
    for h in d.event_handlers:
        if not h.name.isidentifier():
            out.append(f"event handler name '{h.name}' must be an identifier")
        if not _EVENT.match(h.event):
            out.append(
                f"event handler '{h.name}' subscribes to '{h.event}', not an event name "
                "like 'orders.placed'"
            )
    return out


def _refs(d: ModuleDefinition) -> Iterable[tuple[str, str]]:
    for label, ref in (
        ("metrics_provider", d.metrics_provider),
        ("widget_provider", d.widget_provider),
        ("wiring", d.wiring),
        ("routes", d.routes),
    ):
        if ref is not None:
            yield label, ref
    for frontend, ref in d.context_providers.items():
        yield f"context provider for {frontend}", ref
    for t in d.tasks:
        yield f"task '{t.name}'", t.function
    for h in d.event_handlers:
        yield f"event handler '{h.name}'", h.handler


def _required_permissions(d: ModuleDefinition, by_code: Mapping[str, ModuleDefinition]) -> set[str]:
    seen: set[str] = set()
    stack = list(d.requires)
    codes: set[str] = set()
    while stack:
        code = stack.pop()
        if code in seen or code not in by_code:
            continue
        seen.add(code)
        codes |= by_code[code].permission_codes()
        stack.extend(by_code[code].requires)
    return codes


def _check_namespaces(
    definitions: Sequence[ModuleDefinition], problems: dict[str, list[str]]
) -> None:
    owner: dict[str, str] = {}
    for d in definitions:
        for ns in d.permission_namespaces:
            if ns in owner and owner[ns] != d.code:
                problems[d.code].append(
                    f"permission namespace '{ns}' is already used by module '{owner[ns]}'"
                )
            owner.setdefault(ns, d.code)


def _check_menu_ids(
    definitions: Sequence[ModuleDefinition], problems: dict[str, list[str]]
) -> None:
    owner: dict[tuple[FrontendType, str], str] = {}
    for d in definitions:
        for frontend in d.menus:
            for item in d.menu_items(frontend):
                key = (frontend, item.id)
                if key in owner:
                    problems[d.code].append(
                        f"menu item id '{item.id}' ({frontend}) is already used by module "
                        f"'{owner[key]}'"
                    )
                owner.setdefault(key, d.code)
