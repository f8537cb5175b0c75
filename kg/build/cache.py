"""The per-list cache of incremental builds: what reading and understanding one list gave (its
document, the facts of each entry, the problems met), kept under a key made of the list's bytes,
the name it is known by, paperkg's version and code, and the vocabulary's digest.

An entry is a file `<key>.kgcache` in the cache folder (`kg.cachefiles.cache_dir`): a header
naming the format and the key, the SHA-256 of the payload, then the payload (pickled records).
An entry whose header, key or checksum does not match, or that does not unpickle into the
expected record, is ignored and written anew: a corrupted or stale cache is never trusted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from kg import __version__
from kg.cachefiles import cache_dir, digest, load_checked, store_checked

T = TypeVar("T")
_MAGIC = b"paperkg-cache-1\n"
_SUFFIX = ".kgcache"

__all__ = ["ListCache", "cache_dir", "list_key"]


def list_key(data: bytes, name: str, vocabulary: str) -> str:
    """The cache key of one list: its bytes, its name, paperkg's version, the vocabulary's digest."""
    return digest(__version__, vocabulary, name, data)


class ListCache(Generic[T]):
    """Per-list records of type `kind` in a folder, read and written as the module says."""

    def __init__(self, folder: Path, kind: type[T]) -> None:
        self.folder = folder
        self.kind = kind

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether there is a record under `key` (to be checked when it is read)."""
        return self._path(key).is_file()

    def read(self, key: str) -> T | None:
        """The record stored under `key`, or None when there is none or it cannot be trusted."""
        return load_checked(self._path(key), _MAGIC + key.encode() + b"\n", self.kind)

    def write(self, key: str, record: T) -> None:
        """Store `record` under `key` (atomically; a cache that cannot be written is skipped)."""
        store_checked(self._path(key), _MAGIC + key.encode() + b"\n", record)

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The record under `key`, computed (and stored) when the cache has none to trust."""
        found = self.read(key)
        if found is not None:
            return found
        record = compute()
        self.write(key, record)
        return record
