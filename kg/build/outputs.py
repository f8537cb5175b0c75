"""Writing a build's files into the output folder, all or none.

The new files are written into a fresh folder beside `--out` (`.NAME.kg-new-PID`), with the other
files of the old folder carried over (hard links, or copies), and the two folders are then
swapped in one step (Linux `renameat2(RENAME_EXCHANGE)`), so that at every moment `--out` holds
either the whole old set or the whole new set. The old set, now in the fresh folder's place, is
then removed.

Where the system cannot swap two folders in one step, `--out` is renamed aside
(`.NAME.kg-old-PID`) and the new folder renamed into its place: a crash between the two renames
leaves no `--out`, and the next `kg build` puts the old set back before it starts. Every build
also removes what a killed build left beside `--out` (folders of processes that are gone).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from kg.errors import OutputError

_NEW, _OLD = "kg-new", "kg-old"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then nothing happened)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(folder: Path) -> list[tuple[str, int, Path]]:
    """(kind, pid, path) of the folders earlier builds left beside `folder`."""
    found: list[tuple[str, int, Path]] = []
    prefix = f".{folder.name}."
    if not folder.parent.is_dir():
        return found
    for entry in folder.parent.iterdir():
        name = entry.name
        if not name.startswith(prefix):
            continue
        kind, _, pid = name[len(prefix) :].rpartition("-")
        if kind in (_NEW, _OLD) and pid.isdigit():
            found.append((kind, int(pid), entry))
    return sorted(found)


def recover(folder: Path) -> None:
    """Put back the old set a crash left aside, and remove what killed builds left."""
    for kind, pid, path in _leftovers(folder):
        if _alive(pid):
            continue
        if kind == _OLD and not folder.exists():
            os.rename(path, folder)  # the crash came between the two renames
        else:
            shutil.rmtree(path, ignore_errors=True)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _carry_over(old: Path, new: Path, produced: Mapping[str, bytes]) -> None:
    """The entries of the old folder that the build does not write, hard-linked (or copied)
    into the new one."""
    for entry in sorted(old.iterdir()):
        if entry.name in produced:
            continue
        target = new / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target))


def _link_or_copy(source: str, target: str) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _check(folder: Path, files: Mapping[str, bytes]) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    for name in files:
        if (folder / name).is_dir():
            raise OutputError(f"{folder / name}: is a folder; cannot replace it with the {name} output")


def _swap(folder: Path, fresh: Path) -> None:
    """`fresh` becomes `folder`; the old `folder`, if any, is removed."""
    if not folder.exists():
        os.rename(fresh, folder)
        return
    if _exchange(fresh, folder):
        shutil.rmtree(fresh, ignore_errors=True)  # `fresh` now holds the old set
        return
    aside = folder.parent / f".{folder.name}.{_OLD}-{os.getpid()}"
    os.rename(folder, aside)
    os.rename(fresh, folder)
    shutil.rmtree(aside, ignore_errors=True)


def write_atomically(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write every file into `folder`, all or none (see the module's docstring). Any failure is
    an `OutputError`; the previous outputs are then left as they were."""
    folder = Path(os.path.abspath(folder))
    fresh = folder.parent / f".{folder.name}.{_NEW}-{os.getpid()}"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        recover(folder)
        _check(folder, files)
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        for name, data in files.items():
            _write(fresh / name, data)
        if folder.exists():
            _carry_over(folder, fresh, files)
        _swap(folder, fresh)
    except OutputError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        where = exc.filename or folder
        raise OutputError(
            f"{where}: cannot write the outputs: {exc.strerror or exc}; previous outputs left as they were"
        ) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
