"""Which lists a build reads: files as given, folders searched recursively for `*.md`, or the
list bundled with the package; each with the name it is known by in the graph and in messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.resources import bundled_list


@dataclass(frozen=True)
class Source:
    """A list to read: its file, and the name it is known by in the graph and in messages."""

    path: Path
    name: str


def _files_named(path: Path) -> list[tuple[Path, str]]:
    """(file, name) pairs of one PATH argument."""
    if path.is_dir():
        found = sorted(
            p
            for p in path.rglob("*.md")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not found:
            raise InputError(f"{path}: no .md files in this folder")
        folder = path.resolve().name or "lists"
        return [(p, f"{folder}/{p.relative_to(path).as_posix()}") for p in found]
    if path.exists():
        return [(path, path.name)]
    raise InputError(f"{path}: no such file or folder")


def collect_sources(paths: Sequence[Path]) -> list[Source]:
    """The lists named by `paths`: files as given, folders searched recursively for `*.md`
    (hidden folders skipped). No paths: the list bundled with the package."""
    if not paths:
        return [Source(bundled_list(), bundled_list().name)]
    sources: list[Source] = []
    seen_files: set[Path] = set()
    names: set[str] = set()
    for path in paths:
        for file, name in _files_named(path):
            real = file.resolve()
            if real in seen_files:
                continue
            seen_files.add(real)
            unique, n = name, 2
            while unique in names:
                unique, n = f"{name}~{n}", n + 1
            names.add(unique)
            sources.append(Source(file, unique))
    return sources
