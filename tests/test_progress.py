"""What `kg build` says while it works (issue 13): progress on stderr (bars on a terminal, plain
lines otherwise, nothing with --quiet), only the summary on stdout; and `kg --help` starts
without loading the heavy libraries."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from cli_output import error_lines, one_error

from kg.build.progress import Bars, Lines, Progress, progress_for

LIST = Path(__file__).parent / "data" / "lists" / "other_fields.md"
STAGES = ("reading 1 list(s)", "making the graph", "checking the graph against the SHACL shapes", "laying out")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=False)


def test_progress_goes_to_stderr_as_lines_and_stdout_keeps_only_the_summary(tmp_path: Path) -> None:
    """Built with stderr not a terminal, each stage is one `kg: <stage> ...` line on stderr, in
    order, and stdout holds the four summary lines and nothing else."""
    result = _kg("build", str(LIST), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    positions = [next(i for i, line in enumerate(lines) if line.startswith(f"kg: {stage}")) for stage in STAGES]
    assert positions == sorted(positions)
    assert error_lines(result.stderr) == []
    out = result.stdout.splitlines()
    assert len(out) == 4
    assert out[0].startswith("1 list(s), ") and out[-1].startswith("wrote ")
    assert not any(line.startswith("kg:") for line in out)


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    """`kg build -q` of a list that builds without shape violations prints nothing at all."""
    result = _kg("build", str(LIST), "--out", str(tmp_path / "out"), "-q")
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == ("", "")


def test_a_terminal_gets_a_bar_per_stage() -> None:
    """On a terminal, each stage is drawn as a bar with its name and its steps done (3/3)."""
    screen = _Terminal()
    bars = progress_for(screen, quiet=False)
    assert isinstance(bars, Bars)
    bars.stage("reading 3 list(s)", total=3)
    for _ in range(3):
        bars.advance()
    bars.stage("making the graph")
    bars.close()
    shown = screen.getvalue()
    assert "reading 3 list(s)" in shown and "3/3" in shown and "making the graph" in shown


def test_progress_display_follows_the_stream_and_quiet() -> None:
    """Plain lines when stderr is not a terminal, a silent display with --quiet."""
    plain = io.StringIO()
    lines = progress_for(plain, quiet=False)
    assert isinstance(lines, Lines)
    lines.stage("making the graph")
    assert plain.getvalue() == "kg: making the graph ...\n"
    assert type(progress_for(_Terminal(), quiet=True)) is Progress


def test_help_loads_no_heavy_library() -> None:
    """`kg --help` and `kg build --help` import neither spaCy, rdflib, networkx, pyvis nor
    rich (what makes start-up slow; pyoxigraph, 30 ms, may load)."""
    code = (
        "import sys\nfrom kg.cli import main\n"
        "for args in (['--help'], ['build', '--help']):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "heavy = ('spacy', 'rdflib', 'networkx', 'pyvis', 'rich')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: " in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_an_error_after_progress_is_one_line_and_the_last(tmp_path: Path) -> None:
    """A list that fails to decode, built without -q: the progress lines printed so far, then
    the error as the one other line, last, naming the file and line; no traceback."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# T\n\n**A**\n- intro: Universit\xe9\n")
    result = _kg("build", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert one_error(result.stderr).startswith(f"kg: {bad}:4: ")
    assert "Traceback" not in result.stderr and result.stdout == ""
