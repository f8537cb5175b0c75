"""Hostile input: whatever a user points paperkg at, it builds (repairing and reporting) or says
what is wrong in one line naming the file (and line), exits 1, and leaves the previous outputs
intact; and whatever a graph file holds, `kg query`, `kg validate` and `kg push` do the same."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_output import one_error
from click.testing import CliRunner

from kg.cli import main

GRAPH_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "report.md")


def kg(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name in GRAPH_FILES:
        (out / name).write_text(f"previous {name}\n")
    return out


def failed_cleanly(proc: subprocess.CompletedProcess[str], out: Path, *needles: str) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert one_error(proc.stderr).startswith("kg: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in one_error(proc.stderr), proc.stderr
    for name in GRAPH_FILES:
        assert (out / name).read_text() == f"previous {name}\n"


def built(proc: subprocess.CompletedProcess[str], out: Path) -> str:
    """The report of a build that succeeded; every graph file parses in pyoxigraph with as many
    triples as the N-Triples file holds lines."""
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    count = len((out / "graph.nt").read_text().splitlines())
    for name, fmt in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        assert len(list(ox.parse(path=str(out / name), format=fmt))) == count
    return (out / "report.md").read_text()


BUILDS = {
    "empty file": b"",
    "only front matter": b"---\ntitle: Nothing\n---\n",
    "front matter that is not YAML": b"---\ntitle: [unclosed\n---\n**A**\n- intro: CVPR 2017\n",
    "front matter with a python tag": b"---\nx: !!python/object/apply:os.system ['echo pwned']\n---\n**A**\n",
    "front matter alias bomb": (
        b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        b"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n**A**\n"
    ),
    "latin-1 that says so": "---\nencoding: latin-1\n---\n**Café**\n- intro: Université de Montréal\n".encode(
        "latin-1"
    ),
    "utf-16 with a byte order mark": "\ufeff**A**\n- intro: CVPR 2017\n".encode("utf-16"),
    "utf-16 without a byte order mark": "**A**\n- intro: CVPR 2017\n".encode("utf-16-le"),
    "a single 2 MB line": b"**T**\n- intro: " + b"CVPR 2017 and more words " * 90_000 + b"\n",
    "control characters and lone surrogates": "**A\x00\x07**\n- intro: x\udcff y\n".encode("utf-8", "surrogatepass"),
    "nul bytes in text": b"**A**\n- intro: CVPR\x00 2017\n",
}


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_hostile_lists_build_and_report(tmp_path: Path, name: str):
    """Each hostile list builds (exit 0) into graph files that strict parsers read back in full,
    and what could not be used is in the report."""
    data = BUILDS[name]
    if name == "control characters and lone surrogates":
        data = data.replace(b"\xed\xb3\xbf", b"\xc3\xbf")  # a lone surrogate cannot be written as UTF-8
    (tmp_path / "x.md").write_bytes(data)
    report = built(kg("build", "x.md", "--out", "out", "-q", cwd=tmp_path), tmp_path / "out")
    if "front matter" in name and name != "only front matter":
        assert "x.md:" in report and "front matter" in report
    if name == "a single 2 MB line":
        assert "cut to 20,000 characters" in report


def test_the_alias_bomb_never_expands(tmp_path: Path):
    """YAML aliases in front matter are refused, not expanded: the report says so and no literal
    of the graph is longer than a few kilobytes."""
    (tmp_path / "x.md").write_bytes(BUILDS["front matter alias bomb"])
    report = built(kg("build", "x.md", "--out", "out", "-q", cwd=tmp_path), tmp_path / "out")
    assert "aliases (*name) are not read" in report
    assert max(len(line) for line in (tmp_path / "out" / "graph.nt").read_text().splitlines()) < 5000


FAILS = {
    "binary bytes": (b"\x00\x01\x02\x03\xff\xfe\xfd" * 2000, "binary data, not a markdown list"),
    "a PNG named .md": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "a PNG image, not a markdown list"),
    "latin-1 that does not say so": ("**Café**\n".encode("latin-1"), "x.md:1: not valid UTF-8: byte 0xe9 at column 6"),
}


@pytest.mark.parametrize("name", sorted(FAILS))
def test_unreadable_lists_fail_in_one_line(tmp_path: Path, previous: Path, name: str):
    """Bytes that are no text list fail in one line naming the file (and line), exit 1, and leave
    the previous outputs as they were."""
    data, message = FAILS[name]
    (tmp_path / "x.md").write_bytes(data)
    failed_cleanly(kg("build", "x.md", "--out", str(previous), cwd=tmp_path), previous, "x.md", message)


def test_a_fifo_or_socket_named_md_is_skipped_not_read(tmp_path: Path):
    """A FIFO or a socket named `.md` in a folder is skipped (never opened, so the build cannot
    hang) and named in the report; given alone, it fails in one line."""
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "real.md").write_text("**A**\n- intro: CVPR 2017\n")
    os.mkfifo(lists / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(lists / "sock.md"))
    try:
        report = built(kg("build", "lists", "--out", "out", "-q", cwd=tmp_path, timeout=60), tmp_path / "out")
        assert "pipe.md: skipped: a FIFO, not a list file" in report
        assert "sock.md: skipped: a socket, not a list file" in report
        proc = kg("build", "lists/pipe.md", "--out", "out2", cwd=tmp_path, timeout=60)
        assert proc.returncode == 1 and "a FIFO" in one_error(proc.stderr)
    finally:
        sock.close()


def test_a_folder_with_a_symbolic_link_loop_builds(tmp_path: Path):
    """A folder holding a link to itself (and a link to a missing file) is read once, without
    looping; the broken link is reported."""
    lists = tmp_path / "lists"
    (lists / "sub").mkdir(parents=True)
    (lists / "sub" / "a.md").write_text("**A**\n")
    (lists / "sub" / "loop").symlink_to(lists)
    (lists / "gone.md").symlink_to(tmp_path / "missing.md")
    report = built(kg("build", "lists", "--out", "out", "-q", cwd=tmp_path, timeout=60), tmp_path / "out")
    assert "gone.md: skipped: a broken symbolic link" in report
    assert report.count("a.md`: 1 entries") == 1


def test_paths_with_spaces_and_any_unicode(tmp_path: Path):
    """Folders and files named with spaces and non-Latin letters build, and the list keeps its
    name in the graph."""
    folder = tmp_path / "my lists ✓ 论文"
    folder.mkdir()
    (folder / "검출 list.md").write_text("**A**\n- intro: CVPR 2017\n")
    report = built(kg("build", str(folder), "--out", "out dir", "-q", cwd=tmp_path), tmp_path / "out dir")
    assert "검출 list.md" in report


def test_an_unreadable_file_fails_in_one_line(tmp_path: Path, previous: Path, monkeypatch):
    """A list that cannot be opened (permission denied) fails in one line naming it, exit 1 (the
    test runs as any user: the refusal is simulated)."""
    (tmp_path / "x.md").write_text("**A**\n")
    real_open = os.open

    def refusing(path, *args, **kwargs):
        if str(path).endswith("x.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "x.md"), "--out", str(previous)])
    assert result.exit_code == 1
    assert one_error(result.stderr) == f"kg: {tmp_path / 'x.md'}: cannot read: permission denied"


def test_a_20_mb_list_builds(tmp_path: Path):
    """A list of 20 MB (about 60,000 entries) builds, and its report counts them."""
    seed = (Path(__file__).parent.parent / "kg" / "data" / "segmentation.md").read_text()
    body = seed.split("---", 2)[2]
    copies = 20 * 1024 * 1024 // len(body.encode()) + 1
    text = "".join(body.replace("**", f"**[{k}] ", 1) for k in range(copies))
    (tmp_path / "big.md").write_text(text)
    assert (tmp_path / "big.md").stat().st_size >= 20 * 1024 * 1024
    report = built(kg("build", "big.md", "--out", "out", "-q", cwd=tmp_path, timeout=900), tmp_path / "out")
    assert "`big.md`:" in report


HUGE = 17 * 1024 * 1024


@pytest.fixture(scope="module")
def huge_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph file holding one literal over 16 MiB (more than pyoxigraph reads in one token)."""
    path = tmp_path_factory.mktemp("huge") / "graph.nt"
    path.write_text(f'<https://a.org/s> <https://a.org/p> "{"x" * HUGE}" .\n')
    return path


@pytest.mark.parametrize(
    "command",
    [["query", "SELECT * WHERE { ?s ?p ?o }"], ["validate"], ["push", "--endpoint", "http://127.0.0.1:9/store"]],
)
def test_graph_files_with_huge_literals_fail_in_one_line(huge_graph: Path, command: list[str]):
    """`kg query`, `kg validate` and `kg push` on a graph file holding a 17 MB literal say in one
    line that the file cannot be read (no MemoryError traceback), exit 1."""
    proc = kg(*command, "--graph", str(huge_graph), cwd=huge_graph.parent)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"kg: {huge_graph}"), proc.stderr
