"""The per-list cache of incremental builds: what reading and understanding one list gave (its
document, the facts of each entry, the problems met), kept under a key made of the list's bytes,
the name it is known by, paperkg's version and the vocabulary's digest.

An entry is a file `<key>.kgcache` in the cache folder (`$XDG_CACHE_HOME/paperkg`, else
`~/.cache/paperkg`; `KG_CACHE_DIR` moves it): a header naming the format and the key, the
SHA-256 of the payload, then the payload (pickled records). An entry whose header, key or checksum
does not match, or that does not unpickle into the expected record, is ignored and written anew:
a corrupted or stale cache is never trusted. The cache holds only what paperkg wrote there; it
is a private store, like any program's cache folder, not a place to put files from elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from kg import __version__

T = TypeVar("T")
_MAGIC = b"paperkg-cache-1\n"
_SUFFIX = ".kgcache"


def cache_dir() -> Path:
    """Where the cache lives: `KG_CACHE_DIR`, else `$XDG_CACHE_HOME/paperkg`, else `~/.cache/paperkg`."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperkg"


def list_key(data: bytes, name: str, vocabulary: str) -> str:
    """The cache key of one list: its bytes, its name, paperkg's version, the vocabulary's digest."""
    hashed = hashlib.sha256()
    for part in (__version__.encode(), vocabulary.encode(), name.encode("utf-8", "surrogatepass"), data):
        hashed.update(len(part).to_bytes(8, "big") + part)
    return hashed.hexdigest()


class ListCache(Generic[T]):
    """Per-list records of type `kind` in a folder, read and written as the module says."""

    def __init__(self, folder: Path, kind: type[T]) -> None:
        self.folder = folder
        self.kind = kind
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def read(self, key: str) -> T | None:
        """The record stored under `key`, or None when there is none or it cannot be trusted."""
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        header = _MAGIC + key.encode() + b"\n"
        if not data.startswith(header) or len(data) < len(header) + 32:
            return None
        digest, payload = data[len(header) : len(header) + 32], data[len(header) + 32 :]
        if hashlib.sha256(payload).digest() != digest:
            return None
        try:
            record = pickle.loads(payload)  # noqa: S301 - our own checksummed cache, see the docstring
        except Exception:  # noqa: BLE001 - any unpickling failure means: not to be trusted
            return None
        return record if isinstance(record, self.kind) else None

    def write(self, key: str, record: T) -> None:
        """Store `record` under `key` (atomically; a cache that cannot be written is skipped)."""
        payload = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        data = _MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).digest() + payload
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, self._path(key))
        except OSError:
            return

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The record under `key`, computed (and stored) when the cache has none to trust."""
        found = self.read(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        record = compute()
        self.write(key, record)
        return record
