"""Shared fixtures. Expensive ones (a build of the bundled list) are session-scoped."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from kg.build import BuildResult, build

DATA = Path(__file__).parent / "data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str, *, found: bool | None = None, why: str = "") -> None:
    """Skip the calling test when an outside tool is missing on a developer's machine; fail it
    in CI (CI=true), where `.ci/run` installs every tool and a skip would hide a gap."""
    present = found if found is not None else shutil.which(name) is not None
    if present:
        return
    message = f"{name} is not installed{': ' + why if why else ''}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: .ci/run must install it)")
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every build of the test run (and every `kg` it starts) keeps its per-list cache, its
    parsed vocabulary and compiled patterns in a folder of its own, never in the user's cache
    folder."""
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("kg-cache"))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled list built once into a temporary folder (`result.out` holds the files)."""
    out = tmp_path_factory.mktemp("seed-build")
    return build(out=out)


@pytest.fixture(scope="session")
def seed_out(seed_build: BuildResult) -> Path:
    """The folder of the seed build: graph.ttl, graph.nt, graph.jsonld, report.md, ..."""
    assert seed_build.out is not None
    return seed_build.out


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    """Print the extraction scores that tests/test_extraction.py measured, when it ran."""
    module = sys.modules.get("tests.test_extraction") or sys.modules.get("test_extraction")
    scores = getattr(module, "SCORES", None)
    if not scores:
        return
    terminalreporter.section("entity extraction: precision / recall / F1")
    for name, fields in scores.items():
        terminalreporter.write_line(f"{name}:")
        terminalreporter.write_line(f"  {'field':<13} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5}")
        for field, (p, r, f, n) in fields.items():
            terminalreporter.write_line(f"  {field:<13} {p:>9.3f} {r:>7.3f} {f:>6.3f} {n:>5}")
