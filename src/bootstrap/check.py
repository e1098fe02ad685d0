"""``mercato check``: module-structure rules, each with an id, reported as ``file:line: RULE``.

The import rules overlap the import-linter contracts on purpose: this check names the file
and line of a violation in any source tree (a copy, a third-party checkout) and also covers
rules import-linter cannot express (definitions, lazy ``__init__``, migrations, templates).
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mercato.domain.kernel.definition import ModuleDefinition
from mercato.domain.kernel.discovery import ENTRY_POINT_GROUP, discover_modules
from mercato.domain.kernel.errors import KernelError
from mercato.domain.kernel.loading import resolve_ref
from mercato.domain.kernel.quarantine import sift
from mercato.domain.kernel.validation import validate_definitions

__all__ = ["RULES", "Violation", "check_installed", "check_tree", "default_root"]

RULES = {
    "MOD-001": "a module package has definition.py defining MODULE = ModuleDefinition(...)",
    "MOD-002": "the module code equals the package name",
    "MOD-003": "the definition is valid (kernel validation)",
    "MOD-004": "every reference of the definition resolves",
    "MOD-005": "a domain module imports no other domain module (the kernel excepted)",
    "MOD-006": "a module's adapters import no other module's adapters",
    "MOD-007": "a module package's __init__.py imports nothing (lazy loading)",
    "MOD-008": "core modules never import optional modules",
    "MOD-009": "declared migrations and templates exist where the loader looks",
    "MOD-010": "domain and ports import no framework",
    "MOD-011": "every module a module requires is installed and sound",
    "MOD-012": "modules do not require each other in a cycle",
    "MOD-013": "an enabled module's routes mount (reported at run time, not by check)",
}

FRAMEWORKS = ("sqlalchemy", "litestar", "jinja2", "arq", "redis", "dependency_injector")
SHARED_ADAPTERS = {"db", "web", "worker", "events", "system", "security", "mail"}


@dataclass(frozen=True)
class Violation:
    """One broken rule at a place: a file and line, or an entry point (``line`` 0)."""

    path: Path | str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.rule} {self.message}"


def default_root() -> Path:
    """The source folder of the ``mercato`` package (``src`` in the repository)."""
    return Path(importlib.import_module("mercato").__path__[0])


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _modules(root: Path, layer: str) -> list[str]:
    base = root / layer
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _load_definition(root: Path, code: str) -> tuple[ModuleDefinition | None, list[Violation]]:
    path = root / "domain" / code / "definition.py"
    if not path.exists():
        return None, [Violation(root / "domain" / code, 1, "MOD-001", "has no definition.py")]
    try:
        module = importlib.import_module(f"mercato.domain.{code}.definition")
    except Exception as exc:
        return None, [Violation(path, 1, "MOD-001", f"cannot be imported: {exc}")]
    definition = getattr(module, "MODULE", None)
    if not isinstance(definition, ModuleDefinition):
        return None, [Violation(path, 1, "MOD-001", "defines no MODULE = ModuleDefinition(...)")]
    out = []
    if definition.code != code:
        out.append(Violation(path, 1, "MOD-002", f"code '{definition.code}' != package '{code}'"))
    return definition, out


def _check_refs(path: Path | str, d: ModuleDefinition, line: int = 1) -> Iterator[Violation]:
    refs = [d.metrics_provider, d.widget_provider, d.wiring, d.routes]
    refs += list(d.context_providers.values()) + [t.function for t in d.tasks]
    refs += [h.handler for h in d.event_handlers]
    for ref in refs:
        if ref is None:
            continue
        try:
            resolve_ref(ref)
        except Exception as exc:  # a module's code may raise anything while importing
            message = str(exc) if isinstance(exc, KernelError) else f"'{ref}': {exc!r}"
            yield Violation(path, line, "MOD-004", f"module '{d.code}': {message}")


def check_installed(entry_point_group: str = ENTRY_POINT_GROUP) -> list[Violation]:
    """Every violation of the installed third-party modules (the entry points).

    A module that does not load, breaks a definition rule, requires a missing or broken
    module, or is in a cycle is reported with the rule the registry quarantines it for; a
    sound one must also resolve every reference and ship the folders it declares.
    """
    found = discover_modules(("mercato.domain",), entry_point_group)
    usable, broken = sift(found.built_in, found.third_party)
    out = [
        Violation(b.origin, 0, b.rule, f"module '{b.code}': {b.reason}")
        for b in [*found.broken, *broken]
    ]
    for d, origin in found.third_party:
        if d in usable:
            out += _check_refs(origin, d, line=0)
            out += _check_packaged(origin, d)
    return out


def _check_packaged(origin: str, d: ModuleDefinition) -> Iterator[Violation]:
    for package, sub in ((d.migrations, "migrations/versions"), (d.templates, "templates")):
        if not package:
            continue
        try:
            folder = Path(str(resources.files(package))) / sub
        except (ImportError, TypeError) as exc:
            yield Violation(origin, 0, "MOD-009", f"module '{d.code}': package {package}: {exc}")
            continue
        if not folder.is_dir():
            yield Violation(
                origin,
                0,
                "MOD-009",
                f"module '{d.code}': declares {package} but {folder} is missing",
            )


def _check_assets(root: Path, path: Path, d: ModuleDefinition) -> Iterator[Violation]:
    for package, sub in (
        (d.migrations, "migrations/versions"),
        (d.templates, f"templates/{d.code}"),
    ):
        if package and package.startswith("mercato.adapters."):
            folder = root / package.removeprefix("mercato.").replace(".", "/") / sub
            if not folder.is_dir():
                yield Violation(path, 1, "MOD-009", f"declares {package} but {folder} is missing")


def _check_imports(root: Path, codes: list[str], kinds: dict[str, bool]) -> Iterator[Violation]:
    for layer in ("domain", "adapters", "ports"):
        base = root / layer
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(root).parts
            owner = rel[1] if len(rel) > 2 else None
            for line, name in _imports(path):
                parts = name.split(".")
                if parts[0] == "mercato":
                    parts = parts[1:]
                yield from _import_rules(path, line, name, parts, layer, owner, codes, kinds)


def _import_rules(
    path: Path,
    line: int,
    name: str,
    parts: list[str],
    layer: str,
    owner: str | None,
    codes: list[str],
    kinds: dict[str, bool],
) -> Iterator[Violation]:
    if layer in ("domain", "ports") and parts[0] in FRAMEWORKS:
        yield Violation(path, line, "MOD-010", f"{layer} imports framework '{name}'")
    if len(parts) < 2 or parts[0] not in ("domain", "adapters") or owner is None:
        return
    target = parts[1]
    if (
        layer == "domain"
        and parts[0] == "domain"
        and owner != "kernel"
        and target not in (owner, "kernel")
    ):
        yield Violation(path, line, "MOD-005", f"domain.{owner} imports domain.{target}")
    if (
        layer == "adapters"
        and parts[0] == "adapters"
        and owner not in SHARED_ADAPTERS
        and target not in (owner, *SHARED_ADAPTERS)
    ):
        yield Violation(path, line, "MOD-006", f"adapters.{owner} imports adapters.{target}")
    if kinds.get(owner) and target in codes and kinds.get(target) is False:
        yield Violation(path, line, "MOD-008", f"core module '{owner}' imports optional '{target}'")


def check_tree(root: Path) -> list[Violation]:
    """Every violation of :data:`RULES` under the source root ``root``."""
    root = root.resolve()
    if str(root.parent) not in sys.path:
        sys.path.insert(0, str(root.parent))
    violations: list[Violation] = []
    codes = [c for c in _modules(root, "domain") if c != "kernel"]
    definitions: list[ModuleDefinition] = []
    kinds: dict[str, bool] = {}
    package_of: dict[str, str] = {}
    for code in codes:
        definition, found = _load_definition(root, code)
        violations += found
        init = root / "domain" / code / "__init__.py"
        for line, name in _imports(init):
            violations.append(
                Violation(init, line, "MOD-007", f"imports '{name}' at package import")
            )
        if definition is None:
            continue
        definitions.append(definition)
        kinds[code] = definition.is_core
        package_of[definition.code] = code
        path = root / "domain" / code / "definition.py"
        violations += _check_refs(path, definition)
        violations += _check_assets(root, path, definition)
    try:
        validate_definitions(definitions)
    except KernelError as exc:
        package = package_of.get(getattr(exc, "module", ""), "")
        message = "; ".join(line.strip(" -") for line in str(exc).splitlines())
        violations.append(
            Violation(root / "domain" / package / "definition.py", 1, "MOD-003", message)
        )
    violations += _check_imports(root, codes, kinds)
    return sorted(violations, key=lambda v: (str(v.path), v.line, v.rule))
