"""Records kept in paperkg's cache folder between runs: one file per record, named by its kind and
key, trusted only when it proves to be what was written.

The folder is `KG_CACHE_DIR`, else `$XDG_CACHE_HOME/paperkg`, else `~/.cache/paperkg`. A record
is a file `<kind>-<key>.kgcache`: a header naming the format, the kind and the key, the SHA-256
of the payload, then the payload (a pickle). A record whose header or checksum does not match, or
that does not unpickle into the expected type, is ignored (and written anew by its user): a
stale or corrupted cache is never trusted. A cache that cannot be written is skipped. The
folder holds only what paperkg wrote there; it is a private store, like any program's cache
folder, not a place to put files from elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_ENABLED = [True]  # False inside `records(False)`: nothing read or written
_MAGIC = b"paperkg-record-1\n"
_SUFFIX = ".kgcache"


def cache_dir() -> Path:
    """Where the cache lives: `KG_CACHE_DIR`, else `$XDG_CACHE_HOME/paperkg`, else `~/.cache/paperkg`."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperkg"


def digest(*parts: bytes | str) -> str:
    """A key made of `parts` (each length-prefixed, so that no two lists of parts collide)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def code_digest(*modules: str) -> str:
    """A key of the source code of `modules` (dotted names): a record made by code that has
    changed since is not found under it."""
    import importlib.util

    parts = []
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        parts.append(Path(origin).read_bytes() if origin else name.encode())
    return digest(*parts)


@contextmanager
def records(enabled: bool) -> Iterator[None]:
    """Records read and written (`enabled`), or neither (`kg build --no-cache`), within the block."""
    _ENABLED.append(enabled)
    try:
        yield
    finally:
        _ENABLED.pop()


def record_path(kind: str, key: str) -> Path:
    """The file of the record of `kind` stored under `key`."""
    return cache_dir() / f"{kind}-{key}{_SUFFIX}"


def _header(kind: str, key: str) -> bytes:
    return _MAGIC + f"{kind} {key}\n".encode()


def load_checked(path: Path, header: bytes, expected: type[T]) -> T | None:
    """The record in the file at `path` when it starts with `header`, its checksum holds and it
    unpickles into an `expected`; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(header) or len(data) < len(header) + 32:
        return None
    checksum, payload = data[len(header) : len(header) + 32], data[len(header) + 32 :]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    try:
        record = pickle.loads(payload)  # noqa: S301 - our own checksummed record, see the docstring
    except Exception:  # noqa: BLE001 - any unpickling failure means: not to be trusted
        return None
    return record if isinstance(record, expected) else None


def store_checked(path: Path, header: bytes, record: object) -> None:
    """Write `record` to `path` after `header` and its checksum, atomically; a folder that cannot
    be written is skipped."""
    payload = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    data = header + hashlib.sha256(payload).digest() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        return


def read_record(kind: str, key: str, expected: type[T]) -> T | None:
    """The record of `kind` stored under `key`, or None when there is none or it cannot be trusted."""
    if not _ENABLED[-1]:
        return None
    return load_checked(record_path(kind, key), _header(kind, key), expected)


def write_record(kind: str, key: str, record: object) -> None:
    """Store `record` as the record of `kind` under `key`, atomically."""
    if _ENABLED[-1]:
        store_checked(record_path(kind, key), _header(kind, key), record)
