"""All or none: a build leaves `--out` holding the whole previous set of files or the whole new
set, at every moment, whatever stops it (a failed write, SIGKILL at any step, Ctrl-C); and the
next build removes what a killed one left behind."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from cli_output import one_error
from click.testing import CliRunner

from kg.build import outputs
from kg.cli import main
from kg.errors import OutputError

OLD = {"graph.ttl": b"old ttl\n", "graph.nt": b"old nt\n", "report.md": b"old report\n"}
NEW = {"graph.ttl": b"new ttl\n", "graph.nt": b"new nt\n", "report.md": b"new report\n", "graph.html": b"new html\n"}
SEED = Path(__file__).parent.parent / "kg" / "data" / "segmentation.md"


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def whole_set(folder: Path, *sets: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bool:
    """True when `folder` holds exactly one of `sets` (plus the files in `extra`)."""
    found = contents(folder)
    return any(found == {**s, **(extra or {})} for s in sets)


def test_a_write_that_fails_midway_leaves_the_previous_set_and_no_stray_files(tmp_path: Path, monkeypatch):
    """When the third file cannot be written (disk full), no file of `--out` changes, nothing is
    left beside it, and the error is one `OutputError` naming the file."""
    out = tmp_path / "out"
    outputs.write_atomically(out, OLD)
    calls = []
    real = outputs._write

    def failing(path: Path, data: bytes) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(outputs, "_write", failing)
    with pytest.raises(OutputError, match="No space left on device; previous outputs left as they were"):
        outputs.write_atomically(out, NEW)
    assert contents(out) == OLD
    assert leftovers(out) == []


def test_cli_turns_a_failed_write_into_one_line_and_exit_1(tmp_path: Path, monkeypatch):
    """`kg build` with a write failing midway prints one line on stderr, exits 1, and leaves the
    previous outputs as they were."""
    out = tmp_path / "out"
    outputs.write_atomically(out, OLD)

    def failing(path: Path, data: bytes) -> None:
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(outputs, "_write", failing)
    result = CliRunner().invoke(main, ["build", "-q", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kg: ") and "Input/output error" in result.stderr
    assert contents(out) == OLD and leftovers(out) == []


def test_other_files_of_the_output_folder_are_kept(tmp_path: Path):
    """Files in `--out` that a build does not write (notes, a sub-folder) are still there after it."""
    out = tmp_path / "out"
    outputs.write_atomically(out, OLD)
    (out / "notes.txt").write_text("mine")
    (out / "sub").mkdir()
    (out / "sub" / "x.txt").write_text("x")
    outputs.write_atomically(out, NEW)
    assert (out / "notes.txt").read_text() == "mine" and (out / "sub" / "x.txt").read_text() == "x"
    assert (out / "graph.html").read_bytes() == b"new html\n"


_KILLER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from kg.build import outputs

    step, exchange = int(sys.argv[2]), sys.argv[3] == "exchange"
    calls = [0]

    def killing(function):
        def wrapper(*args, **kwargs):
            calls[0] += 1
            if calls[0] == step:
                os._exit(9)  # like SIGKILL: no cleanup runs
            return function(*args, **kwargs)
        return wrapper

    for name in ("_write", "_exchange", "_carry_over", "recover"):
        setattr(outputs, name, killing(getattr(outputs, name)))
    outputs.os.rename = killing(os.rename)
    outputs.os.mkdir = killing(os.mkdir)
    outputs.shutil.rmtree = killing(outputs.shutil.rmtree)
    if not exchange:
        outputs._exchange = lambda a, b: False
    outputs.write_atomically(Path(sys.argv[1]), {"graph.ttl": b"new ttl\\n", "graph.nt": b"new nt\\n",
                             "report.md": b"new report\\n", "graph.html": b"new html\\n"})
    """
)


@pytest.mark.parametrize("mode", ["exchange", "two-renames"])
def test_a_kill_at_any_step_of_the_writer_leaves_a_whole_set(tmp_path: Path, mode: str):
    """Killed (like SIGKILL) before each step of writing the outputs in turn, `--out` holds the
    whole old set or the whole new set; with the two-rename fallback a kill between the renames
    may leave no `--out`, and the next build puts the old set back. Either way the next build
    finishes with the new set and nothing left beside `--out`."""
    script = tmp_path / "killer.py"
    script.write_text(_KILLER)
    finished = False
    step = 0
    while not finished:
        step += 1
        assert step < 40, "the writer never finished"
        out = tmp_path / f"out-{step}"
        outputs.write_atomically(out, OLD)
        proc = subprocess.run([sys.executable, str(script), str(out), str(step), mode], capture_output=True, text=True)
        assert proc.returncode in (0, 9), proc.stderr
        finished = proc.returncode == 0
        if out.exists():
            assert whole_set(out, OLD, NEW), (step, contents(out))
        else:
            assert mode == "two-renames"
            outputs.recover(out)
            assert contents(out) == OLD
        outputs.write_atomically(out, NEW)
        assert contents(out) == NEW and leftovers(out) == []


def _corpus(folder: Path, copies: int) -> None:
    text = SEED.read_text()
    folder.mkdir()
    for k in range(copies):
        (folder / f"list{k:02d}.md").write_text(text.replace("**", f"**[{k}] ", 1))


def test_sigkill_and_ctrl_c_during_a_real_build(tmp_path: Path):
    """`kg build` of a corpus killed at random moments (SIGKILL) leaves the previous outputs or
    the new ones, never a mix; interrupted with Ctrl-C (SIGINT) it says so in one line, exits 130
    and leaves the previous outputs; the next build leaves nothing beside `--out`."""
    corpus = tmp_path / "corpus"
    _corpus(corpus, 4)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q"]
    start = time.monotonic()
    subprocess.run(command, check=True, env=env, capture_output=True)
    duration = time.monotonic() - start
    new = contents(out)
    outputs.write_atomically(out, OLD)
    previous = contents(out)
    rng = random.Random(20261129)
    for delay in sorted(rng.uniform(0.2, duration * 1.2) for _ in range(4)):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert contents(out) in (previous, new), delay
        outputs.write_atomically(out, OLD)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(min(1.0, duration / 3))
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate()
    if proc.returncode == 130:
        assert one_error(stderr) == "kg: interrupted"
        assert contents(out) == previous
    else:  # the build finished before the signal came
        assert proc.returncode == 0 and contents(out) == new
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert contents(out) == new and leftovers(out) == []
