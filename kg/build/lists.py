"""Reading and understanding the lists of a build, one list at a time: from the per-list cache
when a list has not changed, else parsed and understood, in several processes when there is
enough to read to pay for them. Whatever the path, each list gives the same `ReadList`, so the
build's output does not depend on the cache or on the number of processes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.build.cache import ListCache, cache_dir, list_key
from kg.build.forked import beside, can_fork, cores, pool
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


def _read_in_worker(pending: _Pending) -> tuple[int, ReadList | KGError]:
    """One list read in a worker process; a user's error travels back as a value."""
    assert _WORKER is not None, "the worker state is set before the processes start"
    try:
        return pending.index, _read(pending, *_WORKER)
    except KGError as exc:
        return pending.index, exc


def _workers(pending: Sequence[_Pending]) -> int:
    """How many processes to read `pending` with (1: in this one)."""
    if not can_fork() or len(pending) < 2 or sum(len(p.data) for p in pending) < PARALLEL_BYTES:
        return 1
    return max(1, min(cores(), len(pending)))


def _compute(
    pending: Sequence[_Pending], vocab: Vocabulary, processes: int | None, meanwhile: Callable[[], object]
) -> Iterator[tuple[int, ReadList | KGError]]:
    """Each pending list read and understood, as (index, result or the user's error met), in
    this process (which stops at the first error) or in a pool of processes. `meanwhile` is
    called first, or while the pool works."""
    global _WORKER
    if not pending:
        meanwhile()
        return
    extractor = Extractor(vocab)
    count = processes if processes is not None else _workers(pending)
    if count <= 1:
        meanwhile()
        for item in pending:
            yield item.index, _read(item, vocab, extractor)  # a user's error stops the build here
        return
    _WORKER = (vocab, extractor)
    try:
        # Largest first, so that no process is left with a big list at the end.
        ordered = sorted(pending, key=lambda p: -len(p.data))
        with pool(count) as workers:
            results = workers.imap_unordered(_read_in_worker, ordered, chunksize=1)
            meanwhile()
            yield from results
    finally:
        _WORKER = None


def _read_here(pending: Sequence[_Pending], vocab: Vocabulary) -> list[tuple[int, ReadList | KGError]]:
    """The pending lists read in order until the first user's error, which is kept as a value."""
    extractor = Extractor(vocab)
    results: list[tuple[int, ReadList | KGError]] = []
    for item in pending:
        try:
            results.append((item.index, _read(item, vocab, extractor)))
        except KGError as exc:
            results.append((item.index, exc))
            break
    return results


def _beside_pays(fresh: Sequence[_Pending], cached_bytes: int, processes: int | None) -> bool:
    """Whether to read the lists not in the cache in one process beside this one while it loads
    the cached lists (`cached_bytes` of them) and gets ready for the next stages: when the lists
    to read take one process and there is enough to load (`PARALLEL_BYTES`) to pay for it."""
    return (
        processes is None
        and bool(fresh)
        and _workers(fresh) == 1
        and cached_bytes >= PARALLEL_BYTES
        and can_fork()
        and cores() > 1
    )


def read_lists(
    sources: Sequence[Source],
    vocab: Vocabulary,
    *,
    progress: Progress,
    cache: bool = True,
    processes: int | None = None,
    meanwhile: Callable[[], object] = lambda: None,
) -> list[ReadList]:
    """What each of `sources` gives (see the module's docstring), in the order of `sources`.

    `cache` uses the per-list cache (see `kg.build.cache`); `processes` forces the number of
    processes (default: as many as pay, see `PARALLEL_BYTES` and `_beside_pays`). `meanwhile`
    is called once, while lists are read in other processes if they are: work of the next
    stages done ahead, such as importing their libraries."""
    store = ListCache(cache_dir(), ReadList) if cache else None
    salt = f"{vocab.digest}:{stages_digest()}"
    progress.stage(f"reading {len(sources)} list(s)", total=len(sources))
    items = []
    for index, source in enumerate(sources):
        data = read_bytes(source.path)
        items.append(_Pending(index, source, data, list_key(data, source.name, salt)))
    in_cache = {item.index for item in items if store is not None and store.has(item.key)}
    stored = [item for item in items if item.index in in_cache]
    fresh = [item for item in items if item.index not in in_cache]
    fork = _beside_pays(fresh, sum(len(item.data) for item in stored), processes)
    found: dict[int, ReadList] = {}
    errors: dict[int, KGError] = {}

    def take(results: Iterable[tuple[int, ReadList | KGError]]) -> None:
        for index, result in results:
            if isinstance(result, KGError):
                errors[index] = result
                continue
            found[index] = result
            if store is not None:
                store.write(items[index].key, result)
            progress.advance()

    with beside(lambda: _read_here(fresh, vocab), fork=fork) as read_fresh:
        untrusted = []  # in the cache but not to be trusted: read again
        for item in stored:
            cached = store.read(item.key) if store is not None else None
            if cached is None:
                untrusted.append(item)
                continue
            found[item.index] = cached
            progress.advance()
        if fork:
            meanwhile()
            take(read_fresh())
            take(_compute(untrusted, vocab, processes, lambda: None))
        else:
            take(_compute(sorted(fresh + untrusted, key=lambda i: i.index), vocab, processes, meanwhile))
    if errors:
        raise errors[min(errors)]  # the first list's error, however the lists were read
    return [found[index] for index in range(len(sources))]
