"""A Python client generated from the app's schema by openapi-python-client has every
operation and every error response: the generator warns about nothing it had to drop.

The schema is the one served with every installed module enabled (``tests.support.schema``),
so a module added later is generated too. The client is written to a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.schema import served_schema

pytestmark = pytest.mark.integration

# Installed by `make tools` in an environment of its own (tools/README.md).
GENERATOR = Path(__file__).resolve().parents[2] / ".venv-tools" / "bin" / "openapi-python-client"
# What the generator prints before each thing it dropped or could not parse.
WARNING = re.compile(r"warning|error\(s\)|unable to|cannot parse", re.IGNORECASE)


def _generate(schema_file: Path, output: Path) -> subprocess.CompletedProcess[str]:
    # Its post hooks run ruff from PATH: the one of the tool's environment.
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema_file), "--output-path", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=schema_file.parent,
        env=env,
    )


def test_a_client_generated_from_the_schema_has_every_operation_and_no_warning(
    tmp_path: Path,
) -> None:
    if not GENERATOR.exists():
        reason = f"{GENERATOR} is missing: `make tools` (a step of `make test`) installs it"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI)")
        pytest.skip(reason)
    schema = served_schema()
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(schema))
    output = tmp_path / "client"

    proc = _generate(schema_file, output)

    printed = f"{proc.stdout}\n{proc.stderr}"
    assert proc.returncode == 0, f"openapi-python-client failed:\n{printed}"
    warnings = [line for line in printed.splitlines() if WARNING.search(line)]
    assert not warnings, "openapi-python-client warned:\n" + printed
    package = next(p for p in output.iterdir() if (p / "__init__.py").exists())
    modules = {p.stem: p for p in (package / "api").rglob("*.py")}
    assert (package / "models" / "error_body.py").exists()
    assert (package / "models" / "field_error.py").exists()
    list_vendors = modules["list_vendors"].read_text()
    for status in (400, 401, 403, 404):  # no error response dropped
        assert f"response_{status} = ErrorBody.from_dict(" in list_vendors, status
    ids = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    snake = {re.sub(r"(?<!^)(?=[A-Z])", "_", i).lower() for i in ids}
    assert snake <= set(modules), f"operations without a function: {snake - set(modules)}"
