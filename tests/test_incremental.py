"""Incremental and parallel builds (issue 13): the per-list cache and the processes that read
lists change how fast a build is, never what it writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from cli_output import one_error

import kg.build.forked as forked
import kg.build.lists as lists
import kg.build.pipeline as pipeline
from kg.build import build
from kg.build.cache import ListCache
from kg.errors import ParseError
from kg.understand.listings import ReadList

LISTS = Path(__file__).parent / "data" / "lists"
SEED = Path(__file__).parent.parent / "kg" / "data"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three lists in a folder: two of the test lists and the bundled list."""
    folder = tmp_path / "lists"
    folder.mkdir()
    for path in (LISTS / "other_fields.md", LISTS / "every_kind_of_line.md", *sorted(SEED.glob("*.md"))):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the lists each build really reads and understands (not from the cache)."""
    seen: list[str] = []
    real = lists.understand_document

    def spy(doc, vocab, extractor):  # type: ignore[no-untyped-def]
        seen.append(doc.source)
        return real(doc, vocab, extractor)

    monkeypatch.setattr(lists, "understand_document", spy)
    return seen


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_rebuild_after_editing_one_list_reads_only_that_list_and_equals_a_clean_build(
    corpus: Path, cache: Path, tmp_path: Path, readings: list[str]
) -> None:
    """After one list of three is edited, a cached build reads and understands only that list,
    and writes exactly the bytes of a clean build (`--no-cache`) of the edited lists."""
    build([corpus], out=tmp_path / "first")
    assert len(readings) == 3
    edited = corpus / "other_fields.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n**A Paper Added Later**\n\n- intro: CVPR 2019\n")
    readings.clear()
    build([corpus], out=tmp_path / "cached")
    assert readings == ["lists/other_fields.md"]
    build([corpus], out=tmp_path / "clean", cache=False)
    assert _files(tmp_path / "cached") == _files(tmp_path / "clean")
    assert b"A Paper Added Later" in (tmp_path / "cached" / "graph.ttl").read_bytes()


def test_a_corrupted_or_stale_cache_is_ignored_and_rewritten(
    corpus: Path, cache: Path, tmp_path: Path, readings: list[str]
) -> None:
    """A cache entry with a flipped byte, one cut short, and one holding another list's record
    under its name are all ignored (the lists are read again) and the output is unchanged."""
    build([corpus], out=tmp_path / "clean", cache=False)
    build([corpus], out=tmp_path / "fill")
    entries = sorted(p for p in cache.glob("*.kgcache") if re.fullmatch(r"[0-9a-f]{64}\.kgcache", p.name))
    assert len(entries) == 3
    flipped = bytearray(entries[0].read_bytes())
    flipped[-10] ^= 0xFF
    entries[0].write_bytes(bytes(flipped))
    entries[1].write_bytes(entries[1].read_bytes()[:100])
    entries[2].write_bytes(entries[0].read_bytes())  # another key's entry under this name
    readings.clear()
    build([corpus], out=tmp_path / "again")
    assert len(readings) == 3
    assert _files(tmp_path / "again") == _files(tmp_path / "clean")
    readings.clear()
    build([corpus], out=tmp_path / "warm")
    assert readings == []


def test_a_record_of_another_type_is_not_trusted(tmp_path: Path) -> None:
    """An entry whose checksum holds but whose payload is not the expected record is ignored."""
    store: ListCache[ReadList] = ListCache(tmp_path, ReadList)
    ListCache(tmp_path, dict).write("k", {"not": "a list"})
    assert store.read("k") is None
    assert store.get("k", lambda: "computed") == "computed"  # type: ignore[arg-type,comparison-overlap]


def test_no_cache_neither_reads_nor_writes_the_cache(corpus: Path, cache: Path, tmp_path: Path) -> None:
    """`kg build --no-cache` leaves the cache folder untouched."""
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path / "out"), "-q", "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "KG_CACHE_DIR": str(cache)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert not cache.exists()


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """With the cache folder's path taken by a file, the build still writes its outputs."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker))
    result = build([corpus], out=tmp_path / "out")
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert result.triple_count > 0


def test_lists_read_in_two_processes_give_the_same_bytes_as_in_one(corpus: Path, tmp_path: Path) -> None:
    """Reading the lists in a pool of two processes, and drawing the view (with the JSON-LD) in a
    second process, writes exactly the files of a one-process build."""
    build([corpus], out=tmp_path / "one", cache=False, processes=1)
    build([corpus], out=tmp_path / "two", cache=False, processes=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_broken_list_gives_the_same_error_whatever_the_processes(corpus: Path, tmp_path: Path) -> None:
    """Two undecodable lists: the build fails on the first of them (in list order), in one
    process or in two, and the error names its file."""
    for name in ("a-broken.md", "b-broken.md"):
        (corpus / name).write_bytes(b"**Title**\n- intro: \x00\x01\x02 binary\xff\xfe\x00")
    errors = []
    for processes in (1, 2):
        with pytest.raises(ParseError) as caught:
            build([corpus], out=tmp_path / f"out{processes}", cache=False, processes=processes)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert "a-broken.md" in errors[0]


def test_parallel_reading_starts_only_when_it_pays() -> None:
    """One list, or lists smaller in all than `PARALLEL_BYTES`, are read in this process."""
    small = [lists._Pending(i, None, b"x" * 1000, str(i)) for i in range(5)]  # type: ignore[arg-type]
    big = [lists._Pending(i, None, b"x" * lists.PARALLEL_BYTES, str(i)) for i in range(3)]  # type: ignore[arg-type]
    assert lists._workers(small) == 1
    assert lists._workers(big[:1]) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert lists._workers(big) == min(cores, 3)


MULTICORE = pytest.mark.skipif(forked.cores() < 2 or not forked.can_fork(), reason="needs two cores and fork()")


@pytest.fixture
def beside_forks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each build read its uncached lists beside the loading of its cached ones, with
    that forced for small lists (`PARALLEL_BYTES` of 1)."""
    seen: list[bool] = []
    real = lists.beside

    def spy(work, *, fork):  # type: ignore[no-untyped-def]
        seen.append(fork)
        return real(work, fork=fork)

    monkeypatch.setattr(lists, "beside", spy)
    monkeypatch.setattr(lists, "PARALLEL_BYTES", 1)
    return seen


@MULTICORE
def test_lists_read_beside_the_cached_ones_give_the_same_bytes(
    corpus: Path, cache: Path, tmp_path: Path, beside_forks: list[bool]
) -> None:
    """After one list of three is edited, the cached build reads it in a second process while it
    loads the two others from the cache, and writes exactly the files of a clean build."""
    build([corpus], out=tmp_path / "first")
    edited = corpus / "other_fields.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n**A Paper Added Later**\n\n- intro: CVPR 2019\n")
    beside_forks.clear()
    build([corpus], out=tmp_path / "cached")
    assert beside_forks == [True]
    build([corpus], out=tmp_path / "clean", cache=False)
    assert _files(tmp_path / "cached") == _files(tmp_path / "clean")
    assert b"A Paper Added Later" in (tmp_path / "cached" / "graph.ttl").read_bytes()


@MULTICORE
def test_a_broken_list_read_beside_the_cached_ones_gives_its_error(
    corpus: Path, cache: Path, tmp_path: Path, beside_forks: list[bool]
) -> None:
    """A broken list added to cached ones, read in a second process, fails the build with the
    error a one-process build gives, naming the file."""
    build([corpus], out=tmp_path / "first")
    (corpus / "a-broken.md").write_bytes(b"**Title**\n- intro: \x00\x01\x02 binary\xff\xfe\x00")
    beside_forks.clear()
    with pytest.raises(ParseError) as beside:
        build([corpus], out=tmp_path / "cached")
    assert beside_forks == [True]
    with pytest.raises(ParseError) as here:
        build([corpus], out=tmp_path / "clean", cache=False, processes=1)
    assert str(beside.value) == str(here.value)
    assert "a-broken.md" in str(beside.value)


def test_the_view_is_drawn_beside_only_when_it_pays() -> None:
    """The view goes to a second process from `VIEW_BESIDE_TRIPLES` triples (with two cores),
    always with `processes` 2 or more, never with `processes` 1."""
    small, big = (SimpleNamespace(triple_count=n) for n in (100, pipeline.VIEW_BESIDE_TRIPLES))
    assert not pipeline._view_beside(small, None)  # type: ignore[arg-type]
    assert pipeline._view_beside(big, None) == (forked.cores() > 1 and forked.can_fork())  # type: ignore[arg-type]
    assert not pipeline._view_beside(big, 1)  # type: ignore[arg-type]
    assert pipeline._view_beside(small, 2) == forked.can_fork()  # type: ignore[arg-type]


_ORPHAN = """
import os, signal, sys, time
from kg.build.forked import beside
with beside(lambda: time.sleep(120)):
    time.sleep(0.5)
    print(os.getpid(), flush=True)
    time.sleep(120)
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc to see the worker processes")
def test_a_killed_build_leaves_no_worker_running(tmp_path: Path) -> None:
    """When the build is killed (SIGKILL, which it cannot catch), the process working beside it
    dies too instead of running on."""
    import signal
    import time

    with subprocess.Popen([sys.executable, "-c", _ORPHAN], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        pid = int(proc.stdout.readline())
        workers = _children(pid)
        assert workers, "no worker process was started"
        os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{w}").exists() for w in workers)


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc to see the worker processes")
def test_ctrl_c_while_lists_are_read_in_processes_is_one_line(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while worker processes
    read lists: exit 130 with `kg: interrupted` as the one error line, no traceback from any
    worker, and no worker left running."""
    import signal
    import time

    folder = tmp_path / "big"
    folder.mkdir()
    text = (LISTS / "other_fields.md").read_text(encoding="utf-8")
    for index in range(3):
        (folder / f"list{index}.md").write_text(text.replace("**", f"**[{index}] ", 1) * 4, encoding="utf-8")
    assert sum(p.stat().st_size for p in folder.iterdir()) >= lists.PARALLEL_BYTES
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(folder), "--out", str(tmp_path / "out"), "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert workers, "the build started no worker process"
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert one_error(stderr) == "kg: interrupted"
    assert "Traceback" not in stderr
    assert not any(Path(f"/proc/{worker}").exists() for worker in workers)
