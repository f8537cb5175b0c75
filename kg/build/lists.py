"""Reading and understanding the lists of a build, one list at a time: from the per-list cache
when a list has not changed, else parsed and understood, in several processes when there is
enough to read to pay for them. Whatever the path, each list gives the same `ReadList`, so the
build's output does not depend on the cache or on the number of processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.build.cache import ListCache, cache_dir, list_key
from kg.build.progress import Progress
from kg.cachefiles import digest
from kg.errors import KGError
from kg.read.lines import decode
from kg.read.parser import parse_text
from kg.read.sources import Source, read_bytes
from kg.understand.listings import ReadList, understand_document
from kg.understand.mentions import Extractor
from kg.understand.vocabulary import Vocabulary

# Parallel reading pays once the lists to read hold this many bytes (about 1,000 entries) and
# there are two lists or more; below, starting the processes costs more than it saves.
PARALLEL_BYTES = 256 * 1024

_WORKER: tuple[Vocabulary, Extractor] | None = None  # set in the parent before the fork


@dataclass(frozen=True)
class _Pending:
    index: int
    source: Source
    data: bytes
    key: str


@cache
def stages_digest() -> str:
    """A digest of the code of the reading and understanding stages (read once per process): a
    cached list is trusted only by the code that made it."""
    root = Path(__file__).resolve().parent.parent
    files = sorted(path for folder in ("read", "understand") for path in (root / folder).glob("*.py"))
    return digest(*(part for path in files for part in (path.name, path.read_bytes())))


def _read(pending: _Pending, vocab: Vocabulary, extractor: Extractor) -> ReadList:
    doc = parse_text(decode(pending.data, str(pending.source.path)), pending.source.name)
    return understand_document(doc, vocab, extractor)


def _quiet_worker() -> None:
    """A worker leaves Ctrl-C to the build, which stops the pool and says `kg: interrupted`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_in_worker(pending: _Pending) -> tuple[int, ReadList | KGError]:
    """One list read in a worker process; a user's error travels back as a value."""
    assert _WORKER is not None, "the worker state is set before the processes start"
    try:
        return pending.index, _read(pending, *_WORKER)
    except KGError as exc:
        return pending.index, exc


def _workers(pending: Sequence[_Pending]) -> int:
    """How many processes to read `pending` with (1: in this one)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(pending) < 2 or sum(len(p.data) for p in pending) < PARALLEL_BYTES:
        return 1
    return max(1, min(cores, len(pending)))


def _compute(
    pending: Sequence[_Pending], vocab: Vocabulary, processes: int | None
) -> Iterator[tuple[int, ReadList | KGError]]:
    """Each pending list read and understood, as (index, result or the user's error met), in
    this process (which stops at the first error) or in a pool of processes."""
    global _WORKER
    if not pending:
        return
    extractor = Extractor(vocab)
    count = processes if processes is not None else _workers(pending)
    if count <= 1:
        for item in pending:
            yield item.index, _read(item, vocab, extractor)  # a user's error stops the build here
        return
    _WORKER = (vocab, extractor)
    try:
        # Largest first, so that no process is left with a big list at the end.
        ordered = sorted(pending, key=lambda p: -len(p.data))
        with multiprocessing.get_context("fork").Pool(count, initializer=_quiet_worker) as pool:
            yield from pool.imap_unordered(_read_in_worker, ordered, chunksize=1)
    finally:
        _WORKER = None


def read_lists(
    sources: Sequence[Source],
    vocab: Vocabulary,
    *,
    progress: Progress,
    cache: bool = True,
    processes: int | None = None,
) -> list[ReadList]:
    """What each of `sources` gives (see the module's docstring), in the order of `sources`.

    `cache` uses the per-list cache (see `kg.build.cache`); `processes` forces the number of
    processes (default: as many as pay, see `PARALLEL_BYTES`)."""
    store = ListCache(cache_dir(), ReadList) if cache else None
    salt = f"{vocab.digest}:{stages_digest()}"
    found: dict[int, ReadList] = {}
    pending: list[_Pending] = []
    progress.stage(f"reading {len(sources)} list(s)", total=len(sources))
    for index, source in enumerate(sources):
        data = read_bytes(source.path)
        key = list_key(data, source.name, salt)
        cached = store.read(key) if store is not None else None
        if cached is not None:
            found[index] = cached
            progress.advance()
        else:
            pending.append(_Pending(index, source, data, key))
    keys = {item.index: item.key for item in pending}
    errors: dict[int, KGError] = {}
    for index, result in _compute(pending, vocab, processes):
        if isinstance(result, KGError):
            errors[index] = result
            continue
        found[index] = result
        if store is not None:
            store.write(keys[index], result)
        progress.advance()
    if errors:
        raise errors[min(errors)]  # the first list's error, however the lists were read
    return [found[index] for index in range(len(sources))]
