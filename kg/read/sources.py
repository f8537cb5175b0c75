"""Which lists a build reads, and reading them: files as given, folders searched recursively for
`*.md` (hidden folders skipped, symbolic links followed once), or the list bundled with the
package. A path that is not a regular file (a FIFO, a socket, a device) is skipped with a line
in the report, never opened; reading never blocks."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.read.lines import decode
from kg.read.parser import parse_text
from kg.read.records import Document, Problem, Severity
from kg.resources import bundled_list

MAX_LIST_BYTES = 256 * 1024 * 1024  # a list file larger than this is refused


@dataclass(frozen=True)
class Source:
    """A list to read: its file, and the name it is known by in the graph and in messages."""

    path: Path
    name: str


def _error(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file or folder")
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: cannot read: permission denied")
    if exc.errno == errno.ELOOP:
        return InputError(f"{path}: a loop of symbolic links")
    return InputError(f"{path}: cannot read: {exc.strerror or exc}")


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    """Every entry below `folder` (not in hidden folders), following symbolic links to folders
    once each, so that a loop of links ends."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise _error(folder, exc) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        elif entry.name.endswith(".md"):
            yield path


def _regular(path: Path) -> str | None:
    """None for a regular file (symbolic links followed), else what it is instead."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links"
        if isinstance(exc, FileNotFoundError):
            return "a broken symbolic link"
        raise _error(path, exc) from None
    if stat.S_ISREG(mode):
        return None
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return "not a regular file"


def _files_named(path: Path, skipped: list[Problem]) -> list[tuple[Path, str]]:
    """(file, name) pairs of one PATH argument."""
    if not os.path.lexists(path):
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        folder = path.resolve().name or "lists"
        pairs = []
        for file in _walk(path, set()):
            what = _regular(file)
            if what is not None:
                skipped.append(Problem(str(file), 0, Severity.UNUSED, f"skipped: {what}, not a list file"))
                continue
            pairs.append((file, f"{folder}/{file.relative_to(path).as_posix()}"))
        if not pairs and not skipped:
            raise InputError(f"{path}: no .md files in this folder")
        return pairs
    what = _regular(path)
    if what is not None:
        skipped.append(Problem(str(path), 0, Severity.UNUSED, f"skipped: {what}, not a list file"))
        return []
    return [(path, path.name)]


def find_sources(paths: Sequence[Path]) -> tuple[list[Source], list[Problem]]:
    """The lists named by `paths` and the paths skipped (with why): files as given, folders
    searched recursively for `*.md`. No paths: the list bundled with the package."""
    if not paths:
        return [Source(bundled_list(), bundled_list().name)], []
    sources: list[Source] = []
    skipped: list[Problem] = []
    seen_files: set[Path] = set()
    names: set[str] = set()
    for path in paths:
        for file, name in _files_named(path, skipped):
            real = file.resolve()
            if real in seen_files:
                continue
            seen_files.add(real)
            unique, n = name, 2
            while unique in names:
                unique, n = f"{name}~{n}", n + 1
            names.add(unique)
            sources.append(Source(file, unique))
    if not sources:
        reasons = "; ".join(f"{p.source}: {p.message}" for p in skipped)
        raise InputError(f"no markdown list to read ({reasons})")
    return sources, skipped


def collect_sources(paths: Sequence[Path]) -> list[Source]:
    """The lists named by `paths` (see `find_sources`), without the paths skipped."""
    return find_sources(paths)[0]


def read_bytes(path: Path) -> bytes:
    """The bytes of a list file, opened without blocking (a FIFO that slipped in is refused)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file")
        if info.st_size > MAX_LIST_BYTES:
            raise InputError(f"{path}: {info.st_size:,} bytes; a list may hold at most {MAX_LIST_BYTES:,}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        os.close(fd)


def read_document(path: Path, source: str) -> Document:
    """Read and parse one list file; `source` is the name it is known by in the graph."""
    return parse_text(decode(read_bytes(path), str(path)), source)
