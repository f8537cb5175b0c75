"""The vendored vis-network (`kg/view/static/vis-network.min.js`): the file `tools/vis-network/
build.sh` makes from pinned packages, described truly by `kg/view/static/README.md`, with every
bundled package's licence shipped beside it and none of the polyfills the page's first frame
used to wait for."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "kg" / "view" / "static"
TOOL = ROOT / "tools" / "vis-network"


def _pins() -> dict[str, str]:
    """The packages the bundle is made of, with their exact versions (tools/vis-network/package.json)."""
    return json.loads((TOOL / "package.json").read_text())["dependencies"]


def _readme_row() -> str:
    """The README's row of vis-network.min.js."""
    lines = (STATIC / "README.md").read_text().splitlines()
    return next(line for line in lines if line.startswith("| `vis-network.min.js`"))


def test_the_readme_gives_the_vendored_files_hash_and_versions():
    """kg/view/static/README.md states the sha256 of vis-network.min.js as it is, and names every
    bundled package at the version package.json pins (all pins exact)."""
    row = _readme_row()
    digest = hashlib.sha256((STATIC / "vis-network.min.js").read_bytes()).hexdigest()
    assert re.findall(r"sha256 `([0-9a-f]{64})`", row) == [digest]
    for name, version in _pins().items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
        assert f"`{name}@{version}`" in row, name


def test_the_licence_file_covers_every_bundled_package():
    """vis-network.LICENSE has, for every package in the bundle, a section headed by its name and
    pinned version followed by the licence text, and the script's banner points to that file."""
    licence = (STATIC / "vis-network.LICENSE").read_text()
    for name, version in _pins().items():
        heads = re.findall(rf"^==== {re.escape(name)} {re.escape(version)}, licence [^\n]+$", licence, re.M)
        assert heads, name
    assert licence.count("Permission is hereby granted") >= len(_pins())  # each package's MIT text
    banner = (STATIC / "vis-network.min.js").read_text().splitlines()[0][:400]
    assert "vis-network.LICENSE" in banner, "the script's first line does not name its licence file"
    assert f"vis-network {_pins()['vis-network']}" in banner, "the script's first line names another version"


def test_the_vendored_build_has_no_core_js_polyfills():
    """The page inlines vis-network's esnext build, not its standalone one: no core-js (whose
    start-up evaluation delayed the first frame) is in the file."""
    code = (STATIC / "vis-network.min.js").read_text()
    assert code.count("core-js") == 0, "the file holds core-js"
    assert code.startswith("/* vis-network "), "not the bundle tools/vis-network/build.sh makes"


def test_the_build_script_reproduces_the_vendored_files(tmp_path: Path):
    """tools/vis-network/build.sh, run on a copy of its folder, installs the locked packages and
    writes byte for byte the vis-network.min.js and vis-network.LICENSE that are committed."""
    require_tool("npm", why="tools/vis-network/build.sh installs the pinned packages with npm ci")
    require_tool("node", why="tools/vis-network/build.sh runs esbuild with node")
    work = tmp_path / "vis-network"
    work.mkdir()
    for name in ("package.json", "package-lock.json", "entry.mjs", "build.sh"):
        shutil.copy2(TOOL / name, work / name)
    out = tmp_path / "out"
    subprocess.run(["bash", str(work / "build.sh"), str(out)], check=True, capture_output=True, timeout=300)
    for name in ("vis-network.min.js", "vis-network.LICENSE"):
        built, committed = ((path / name).read_bytes() for path in (out, STATIC))
        assert hashlib.sha256(built).hexdigest() == hashlib.sha256(committed).hexdigest(), name
