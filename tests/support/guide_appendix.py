"""Rewrite the appendix of the module guide from the example's files.

``python -m tests.support.guide_appendix`` after changing ``examples/mercato-announcements``;
``tests/integration/test_module_guide.py`` fails until the guide shows the files as they are.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guides" / "writing-a-module.md"
EXAMPLE = ROOT / "examples" / "mercato-announcements"
HEADING = "## Appendix: the whole module"
ORDER = (  # the order a reader meets them in the walk-through
    "pyproject.toml",
    "mercato_announcements/__init__.py",
    "mercato_announcements/definition.py",
    "mercato_announcements/model.py",
    "mercato_announcements/repository.py",
    "mercato_announcements/services.py",
    "mercato_announcements/metrics.py",
    "mercato_announcements/widgets.py",
    "mercato_announcements/tables.py",
    "mercato_announcements/migrations/versions/announcements_0001_announcements.py",
    "mercato_announcements/repositories.py",
    "mercato_announcements/container.py",
    "mercato_announcements/web.py",
    "mercato_announcements/templates/announcements/list.html",
    "mercato_announcements/tasks.py",
    "tests/test_services.py",
)
_LANGUAGE = {".toml": "toml", ".py": "python", ".html": "jinja"}
_INTRO = """\
Every file of the example, as it is in `examples/mercato-announcements` (and an empty
`mercato_announcements/py.typed`). `tests/integration/test_module_guide.py` builds a module
from the blocks below, installs it through its entry point and runs it end to end, and
checks that every Python excerpt above is taken from them: if this guide is wrong, that
test fails."""


def appendix() -> str:
    """The appendix: a heading, then one marked block per file of :data:`ORDER`."""
    parts = [HEADING, "", _INTRO, ""]
    for path in ORDER:
        body = (EXAMPLE / path).read_text().rstrip("\n")
        language = _LANGUAGE[Path(path).suffix]
        parts += [f"### `{path}`", "", f"<!-- file: {path} -->", f"```{language}", body, "```", ""]
    return "\n".join(parts)


def main() -> None:
    """Replace the guide's appendix (or add it) with the example's current files."""
    walk_through = GUIDE.read_text().split(HEADING)[0].rstrip("\n")
    GUIDE.write_text(f"{walk_through}\n\n{appendix()}")


if __name__ == "__main__":
    main()
