"""The project's own hygiene: lint and types are clean, and the README documents every command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).parent.parent


def test_ruff_finds_nothing():
    """`ruff check` passes on the whole repository (rules in pyproject.toml)."""
    if shutil.which("ruff") is None:
        pytest.skip("ruff is not installed (it is in the test extra)")
    proc = subprocess.run(["ruff", "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_finds_nothing_in_the_package():
    """`mypy` (configured in pyproject.toml for the kg package) reports no error."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_documents_every_command():
    """Every `kg` command appears in the README, and its --help works and says what it does."""
    readme = (ROOT / "README.md").read_text()
    runner = CliRunner()
    assert set(main.commands) >= {"build", "query", "validate", "push", "lint"}
    for name, command in main.commands.items():
        assert f"kg {name}" in readme, f"README does not mention `kg {name}`"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        summary = " ".join((command.help or "").split("\n\n")[0].split())
        assert summary and summary in " ".join(result.output.split())


def test_version_and_help_are_instant_and_heavy_libraries_stay_unloaded():
    """`kg --help` and `kg --version` work without importing spaCy, rdflib or networkx."""
    code = (
        "import sys; from click.testing import CliRunner; from kg.cli import main; "
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('spacy', 'rdflib', 'networkx', 'pyvis') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
    version = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    from kg import __version__

    assert version.stdout.strip() == f"kg, version {__version__}"
