"""The README's commands work as written: every `sh` block runs (in a folder holding a build of
the bundled list), or is marked with the test that runs it (`<!-- test: ... -->` before it)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import require_tool
from rdf_tools import JAVA_LIB, JENA_JARS, OxigraphServer, jena_fix

from kg.build import build

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"(?:<!-- test: (?P<mark>\w+)[^\n]*-->\n)?```sh\n(?P<body>.*?)```", re.DOTALL)
BLOCKS = [
    (m.group("mark") or "run", m.group("body"), README[: m.start()].count("\n") + 1) for m in _BLOCK.finditer(README)
]


def commands(body: str) -> list[str]:
    """The commands of a block, continuation lines (ending in `\\`) joined."""
    return [line for line in body.replace("\\\n", " ").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `outputs/` (the bundled list's build) and `other/` (another list's)."""
    folder = tmp_path_factory.mktemp("readme")
    build(out=folder / "outputs")
    build([ROOT / "tests" / "data" / "lists" / "other_fields.md"], out=folder / "other")
    return folder


def shell(command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env={**os.environ, "PATH": path, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_sh_block_is_run_or_marked():
    """The README has sh blocks, and each is one the tests run (plainly, or as its mark says)."""
    assert len(BLOCKS) >= 6
    assert {mark for mark, _, _ in BLOCKS} <= {"run", "wheel", "ci", "server", "serves", "jena"}


@pytest.mark.parametrize(("body", "line"), [(b, n) for m, b, n in BLOCKS if m == "run"], ids=lambda x: str(x)[:30])
def test_plain_blocks_run(workspace: Path, body: str, line: int):
    """A block with no mark runs command by command, each exiting 0 with output."""
    for command in commands(body):
        proc = shell(command, workspace)
        assert proc.returncode == 0 and proc.stdout, f"README.md:{line}: {command}\n{proc.stderr}"


def test_the_test_command_is_what_ci_runs():
    """The README's test command is the last command of `.ci/run`."""
    (body,) = [b for m, b, _ in BLOCKS if m == "ci"]
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip()]
    assert ci[-1] == body.strip()


def test_the_install_command_is_what_the_wheel_test_does():
    """The README's install command makes a venv, installs paperkg (not editable) and builds the
    bundled list; tests/test_build.py does the same with a wheel in a fresh venv."""
    (body,) = [b for m, b, _ in BLOCKS if m == "wheel"]
    assert body.strip() == "python3 -m venv .venv && . .venv/bin/activate && pip install . && kg build"
    assert (
        "def test_wheel_carries_the_ontology_and_the_bundled_list_and_builds_anywhere"
        in (ROOT / "tests" / "test_build.py").read_text()
    )


def test_push_block_runs_against_a_server(workspace: Path, tmp_path: Path):
    """The `kg push` commands send both graphs to a real Oxigraph server (at the port the test
    started it on, in place of localhost:7878), one named graph each."""
    require_tool("oxigraph", found=shutil.which("oxigraph", path=str(Path(sys.executable).parent)) is not None)
    (body,) = [b for m, b, _ in BLOCKS if m == "server"]
    with OxigraphServer(tmp_path / "server.log") as server:
        for command in commands(body):
            proc = shell(command.replace("localhost:7878", f"127.0.0.1:{server.port}"), workspace)
            assert proc.returncode == 0, proc.stderr
        assert server.count("https://example.org/graphs/segmentation") > 1000
        assert server.count("https://example.org/graphs/detection") > 1000


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def test_oxigraph_cli_block_loads_queries_and_serves(workspace: Path, tmp_path: Path):
    """`oxigraph load` and `oxigraph query` run as written; `oxigraph serve` (run in the
    background on a free port) answers a query about the loaded graph."""
    require_tool("oxigraph", found=shutil.which("oxigraph", path=str(Path(sys.executable).parent)) is not None)
    (body,) = [b for m, b, _ in BLOCKS if m == "serves"]
    folder = tmp_path / "oxi"
    shutil.copytree(workspace / "outputs", folder / "outputs")
    *first, serve = commands(body)
    for command in first:
        proc = shell(command, folder)
        assert proc.returncode == 0, proc.stderr
    assert "https://example.org/graphs/segmentation" in proc.stdout
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    server = subprocess.Popen(
        ["bash", "-c", "exec " + serve.replace("127.0.0.1:7878", f"127.0.0.1:{number}")],
        cwd=folder,
        env={**os.environ, "PATH": path},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(number)
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/graphs/segmentation> { ?s ?p ?o } }"
        with urllib.request.urlopen(f"http://127.0.0.1:{number}/query?{urlencode({'query': query})}", timeout=30) as r:
            assert int(re.findall(rb"\d+", r.read())[-1]) > 1000
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_jena_block_loads_and_queries(workspace: Path, tmp_path: Path):
    """The TDB2 commands run as written with Debian's Jena (through `tdb2.*` wrappers that call
    `java -cp` with its jars) and count the graph's triples."""
    jars = [JAVA_LIB / f"{name}.jar" for name in JENA_JARS]
    require_tool("java", found=shutil.which("java") is not None and all(j.is_file() for j in jars), why="Jena jars")
    (body,) = [b for m, b, _ in BLOCKS if m == "jena"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    classpath = os.pathsep.join(map(str, [jena_fix(tmp_path / "fix"), *jars]))
    for name in ("tdb2.tdbloader", "tdb2.tdbquery"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec java -Duser.language=en -cp "{classpath}" {name} "$@"\n')
        script.chmod(0o755)
    folder = tmp_path / "jena"
    shutil.copytree(workspace / "outputs", folder / "outputs")
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    for command in commands(body):
        proc = shell(command, folder, env={"PATH": path})
        assert proc.returncode == 0, proc.stderr
    expected = len((folder / "outputs" / "graph.nt").read_text().splitlines())
    assert str(expected) in proc.stdout
