"""Writing a build's files into the output folder, all or none."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from kg.errors import OutputError


def write_atomically(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write every file into `folder`, or none: each is written to a temporary file first, and
    the files are renamed into place only when all were written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
    if not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    for name in files:
        if (folder / name).is_dir():
            raise OutputError(f"{folder / name}: is a folder; cannot replace it with the {name} output")
    written: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = folder / name
            temp = folder / f".{name}.{os.getpid()}.tmp"
            written.append((temp, target))
            temp.write_bytes(data)
    except OSError as exc:
        for temp, _ in written:
            temp.unlink(missing_ok=True)
        raise OutputError(
            f"{folder}: cannot write the outputs: {exc.strerror}; previous outputs left as they were"
        ) from None
    for temp, target in written:
        os.replace(temp, target)
