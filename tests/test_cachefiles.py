"""The cache folder's records (`kg.cachefiles`), and the parsed vocabulary and compiled patterns
kept there: a record is read back as written, and one that is corrupt, truncated, of another
key or type, or made from other vocabulary files is never trusted: the result is what a run
without any cache gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cachefiles import cache_dir, read_record, record_path, write_record
from kg.resources import ontology_dir
from kg.understand import patterns, vocabulary
from kg.understand.patterns import CompiledPatterns, blank_pipeline, compiled_patterns
from kg.understand.records import EntityKind
from kg.understand.vocabulary import Vocabulary, load_vocabulary


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of its own, and no vocabulary or rules kept in the process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    vocabulary._load.cache_clear()
    patterns._RULES.clear()
    yield folder
    vocabulary._load.cache_clear()
    patterns._RULES.clear()


def _records(folder: Path, kind: str) -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.kgcache"))


def _fresh_vocabulary(folder: Path | None = None) -> Vocabulary:
    vocabulary._load.cache_clear()
    return load_vocabulary(folder)


def test_a_record_is_read_back_as_written(cache: Path):
    """A record written under a kind and key is read back equal, from `KG_CACHE_DIR`."""
    write_record("thing", "k1", {"a": (1, 2)})
    assert cache_dir() == cache
    assert record_path("thing", "k1").parent == cache
    assert read_record("thing", "k1", dict) == {"a": (1, 2)}
    assert read_record("thing", "k2", dict) is None
    assert read_record("other", "k1", dict) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # a flipped bit in the payload
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # empty
        lambda data: data.replace(b"paperkg-record-1", b"paperkg-record-0", 1),  # another format
        lambda data: data.replace(b"thing k1", b"thing k9", 1),  # another key's header
    ],
)
def test_a_damaged_record_is_not_trusted(cache: Path, damage):
    """A record whose bytes were damaged (a flipped bit, truncation, another format or key in
    its header) reads as missing."""
    write_record("thing", "k1", {"a": 1})
    path = record_path("thing", "k1")
    path.write_bytes(damage(path.read_bytes()))
    assert read_record("thing", "k1", dict) is None


def test_a_record_of_another_type_is_not_trusted(cache: Path):
    """An intact record that does not unpickle into the expected type reads as missing."""
    write_record("thing", "k1", ["a list"])
    assert read_record("thing", "k1", dict) is None


def test_the_vocabulary_is_kept_and_read_back(cache: Path):
    """Loading the vocabulary stores it in the cache folder; the next process (here: a cleared
    in-process cache) reads that record and gets an equal vocabulary."""
    first = _fresh_vocabulary()
    assert len(_records(cache, "vocabulary")) == 1
    again = _fresh_vocabulary()
    assert again == first
    assert again.lookup(EntityKind.VENUE, "CVPR") is not None


def test_a_corrupt_vocabulary_record_is_ignored_and_rewritten(cache: Path):
    """A vocabulary record whose payload is damaged, or replaced by an intact record of the
    wrong type, is ignored: the vocabulary is parsed again, equal to a parse without cache, and
    the record written anew."""
    expected = _fresh_vocabulary()
    [path] = _records(cache, "vocabulary")
    intact = path.read_bytes()
    path.write_bytes(intact[:-10] + b"0123456789")
    assert _fresh_vocabulary() == expected
    assert path.read_bytes() == intact
    kind, key = path.name.removesuffix(".kgcache").split("-", 1)
    write_record(kind, key, {"not": "a vocabulary"})
    assert _fresh_vocabulary() == expected
    assert path.read_bytes() == intact


def test_an_edited_vocabulary_is_not_read_from_a_stale_record(cache: Path, tmp_path: Path):
    """After a vocabulary file is edited, loading it gives the edited vocabulary (a new record),
    not the one kept for its former bytes."""
    folder = tmp_path / "vocab"
    shutil.copytree(ontology_dir() / "vocab", folder)
    before = _fresh_vocabulary(folder)
    assert before.lookup(EntityKind.VENUE, "Conference on Imaginary Vision") is None
    venues = folder / "venues.ttl"
    text = venues.read_text(encoding="utf-8")
    venues.write_text(
        text + '\n<https://w3id.org/paperkg/vocab/venue/civ> skos:prefLabel "Conference on Imaginary Vision"@en .\n',
        encoding="utf-8",
    )
    after = _fresh_vocabulary(folder)
    assert after.digest != before.digest
    assert after.lookup(EntityKind.VENUE, "Conference on Imaginary Vision") is not None
    assert len(_records(cache, "vocabulary")) == 2


def _compiled_without_cache(vocab: Vocabulary, folder: Path, monkeypatch: pytest.MonkeyPatch) -> CompiledPatterns:
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return compiled_patterns(vocab, blank_pipeline())


def test_compiled_patterns_are_kept_and_a_corrupt_record_is_ignored(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The compiled patterns (patterns and their tokens) are stored once and read back equal;
    a damaged record is ignored, the patterns compiled again, equal to a compilation without
    cache, and the record written anew."""
    vocab = _fresh_vocabulary()
    first = compiled_patterns(vocab, blank_pipeline())
    [path] = _records(cache, "patterns")
    intact = path.read_bytes()
    assert compiled_patterns(vocab, blank_pipeline()) == first
    assert first.tokens["CVPR"] == ("CVPR",)
    assert all(first.tokens[p["pattern"]] for p in first.patterns)
    path.write_bytes(intact.replace(b"CVPR", b"CVPQ"))  # the payload changed, its checksum not
    again = compiled_patterns(vocab, blank_pipeline())
    assert again == first == _compiled_without_cache(vocab, tmp_path / "empty", monkeypatch)
    assert path.read_bytes() == intact


def test_patterns_of_another_vocabulary_are_not_reused(cache: Path, tmp_path: Path):
    """Compiled patterns are kept per vocabulary: another vocabulary's rules hold its own patterns."""
    folder = tmp_path / "vocab"
    shutil.copytree(ontology_dir() / "vocab", folder)
    compiled_patterns(_fresh_vocabulary(), blank_pipeline())
    venues = folder / "venues.ttl"
    venues.write_text(
        venues.read_text(encoding="utf-8")
        + '\n<https://w3id.org/paperkg/vocab/venue/civ> skos:prefLabel "Imaginary Vision Conference"@en .\n',
        encoding="utf-8",
    )
    edited = compiled_patterns(_fresh_vocabulary(folder), blank_pipeline())
    assert "Imaginary Vision Conference" in edited.tokens
    assert len(_records(cache, "patterns")) == 2


def test_records_off_neither_reads_nor_writes(cache: Path):
    """Within `records(False)` (what `kg build --no-cache` uses) nothing is written to the cache
    folder and an existing record is not read."""
    from kg.cachefiles import records

    write_record("thing", "k1", {"a": 1})
    with records(False):
        write_record("thing", "k2", {"b": 2})
        assert read_record("thing", "k1", dict) is None
        _fresh_vocabulary()
    assert sorted(p.name for p in cache.iterdir()) == [record_path("thing", "k1").name]
    assert read_record("thing", "k1", dict) == {"a": 1}
