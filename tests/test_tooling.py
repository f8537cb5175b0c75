"""The project's own hygiene: lint and types are clean, and the README documents every command."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_tool

from kg.cli import main

ROOT = Path(__file__).parent.parent


def _python_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m MODULE ARGS` in the repository; skip when the module is missing on a
    developer's machine, fail in CI (where `.ci/run` installs the test extra)."""
    import importlib.util

    require_tool(module, found=importlib.util.find_spec(module) is not None, why="it is in the test extra")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    """`ruff check` passes on the whole repository (rules in pyproject.toml)."""
    proc = _python_tool("ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_leaves_every_file_as_it_is():
    """`ruff format --check` finds no file to reformat."""
    proc = _python_tool("ruff", "format", "--check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_finds_nothing_in_the_package():
    """`mypy` (configured in pyproject.toml for the kg package) reports no error."""
    proc = _python_tool("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stages_import_only_the_stages_before_them():
    """The import contracts in pyproject.toml hold (import-linter): `read` imports nothing from
    `understand`, `graph` or `view`; `understand` nothing from `graph` or `view`; only
    `understand` uses spaCy; nothing imports `cli`."""
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    proc = subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_no_module_over_400_lines_and_no_function_over_60():
    """Every module of the package stays under 400 lines and every function under 60, so that
    each reads in one sitting."""
    too_long = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} is {length} lines")
    assert not too_long, "\n".join(too_long)


def test_readme_python_snippet_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The README's Python example runs as written: it builds a folder of lists and opens the
    graph behind rdflib's API."""
    readme = (ROOT / "README.md").read_text()
    snippets = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert snippets, "the README has no Python example"
    (tmp_path / "my-lists").mkdir()
    (tmp_path / "my-lists" / "a.md").write_text(
        "**A Paper**\n\n- intro: CVPR 2017\n- arxiv: https://arxiv.org/abs/1411.4038\n"
    )
    monkeypatch.chdir(tmp_path)
    for snippet in snippets:
        scope: dict[str, object] = {}
        exec(compile(snippet, "README.md", "exec"), scope)  # noqa: S102 - the README's own code
    assert (tmp_path / "outputs" / "graph.ttl").is_file()
    assert len(scope["graph"]) == scope["result"].triple_count  # type: ignore[arg-type, attr-defined]


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
