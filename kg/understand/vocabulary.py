"""The controlled vocabularies in a folder of SKOS Turtle files (by default `ontology/vocab/`):
venues, institutions, frameworks, datasets and method families, looked up by any spelling.
A framework concept whose `kg:frameworkKind` is "library" (a toolbox built on a framework,
OpenCV, CUDA) is read as a library; a family's `kg:familyKind` says whether it is an
architecture class (see `Concept.architecture`).

Adding a venue, institution, framework, dataset or method family is an edit to those files. A
build loads its vocabulary once and hands it to the stages that need it (`kg build --vocab DIR`
uses a folder of one's own). A parsed vocabulary is kept in paperkg's cache folder
(`kg.cachefiles`), keyed by the bytes of its files and of the code that reads them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.cachefiles import code_digest, digest, read_record, write_record
from kg.errors import InputError
from kg.resources import ontology_dir
from kg.text import name_key
from kg.understand.records import EntityKind

VOCAB_BASE = "https://w3id.org/paperkg/vocab/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_KG = "https://w3id.org/paperkg/ontology#"
_CODE = ("kg.understand.vocabulary", "kg.understand.records", "kg.text")  # the code a parsed vocabulary depends on
_CATEGORIES = frozenset(_KG + name for name in ("venueKind", "frameworkKind", "familyKind"))


@dataclass(frozen=True)
class Concept:
    """One entry of a vocabulary: a venue, institution, framework, dataset or method family."""

    kind: EntityKind
    key: str
    pref: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()  # keys of the same kind
    category: str | None = None  # its kg:venueKind, kg:frameworkKind or kg:familyKind

    @property
    def labels(self) -> list[str]:
        return [self.pref, *self.alt, *self.hidden]

    @property
    def architecture(self) -> bool:
        """True for a method family that is an architecture class (Transformer, LSTM, GAN,
        ResNet): a paper may use one, never belong to it."""
        return self.kind is EntityKind.FAMILY and self.category == "architecture"


@dataclass(frozen=True)
class Vocabulary:
    """All concepts, with an index from `name_key` to concept per kind; `digest` identifies the
    files it was read from (their names and bytes)."""

    concepts: dict[tuple[EntityKind, str], Concept]
    index: dict[tuple[EntityKind, str], Concept]
    digest: str = ""

    def lookup(self, kind: EntityKind, label: str) -> Concept | None:
        """The concept of `kind` that has `label` as one of its spellings, or None."""
        return self.index.get((kind, name_key(label)))

    def get(self, kind: EntityKind, key: str) -> Concept | None:
        return self.concepts.get((kind, key))

    def of_kind(self, kind: EntityKind) -> list[Concept]:
        return sorted((c for (k, _), c in self.concepts.items() if k == kind), key=lambda c: c.key)


@dataclass
class _Draft:
    pref: str = ""
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    category: str | None = None


def _split(iri: str) -> tuple[EntityKind, str] | None:
    if not iri.startswith(VOCAB_BASE):
        return None
    kind, _, key = iri[len(VOCAB_BASE) :].partition("/")
    if not key or kind not in EntityKind.__members__.values():
        return None
    return EntityKind(kind), key


def _read(path: Path, drafts: dict[tuple[EntityKind, str], _Draft]) -> None:
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(f"{path}: not a vocabulary file: {exc}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    for triple in triples:
        if not isinstance(triple.subject, ox.NamedNode) or (ident := _split(triple.subject.value)) is None:
            continue
        draft = drafts.setdefault(ident, _Draft())
        predicate, obj = triple.predicate.value, triple.object
        if predicate == _SKOS + "prefLabel":
            draft.pref = obj.value
        elif predicate == _SKOS + "altLabel":
            draft.alt.append(obj.value)
        elif predicate == _SKOS + "hiddenLabel":
            draft.hidden.append(obj.value)
        elif predicate == _SKOS + "broader" and isinstance(obj, ox.NamedNode):
            target = _split(obj.value)
            if target and target[0] == ident[0]:
                draft.broader.append(target[1])
        elif predicate in _CATEGORIES:
            draft.category = obj.value


def load_vocabulary(folder: Path | None = None) -> Vocabulary:
    """Read every `*.ttl` file of a vocabulary folder (default: the packaged one)."""
    folder = folder or ontology_dir() / "vocab"
    if not folder.is_dir():
        raise InputError(f"{folder}: no such vocabulary folder")
    paths = sorted(folder.glob("*.ttl"))
    if not paths:
        raise InputError(f"{folder}: no .ttl files in this vocabulary folder")
    return _load(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int, int], ...]) -> Vocabulary:
    """The vocabulary of these files (keyed by name, time and size, so an edited file is read
    again): from the cache folder when a record made from the same bytes and code is there and
    intact, else parsed (and stored)."""
    hashed = hashlib.sha256()
    for name, _, _ in files:
        path = Path(name)
        hashed.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    key = digest(hashed.hexdigest(), code_digest(*_CODE))
    found = read_record("vocabulary", key, Vocabulary)
    if found is None:
        found = _parse([Path(name) for name, _, _ in files], hashed.hexdigest()[:16])
        write_record("vocabulary", key, found)
    return found


def _parse(paths: list[Path], files_digest: str) -> Vocabulary:
    """The vocabulary read from the SKOS files `paths`."""
    drafts: dict[tuple[EntityKind, str], _Draft] = {}
    for path in paths:
        _read(path, drafts)
    concepts: dict[tuple[EntityKind, str], Concept] = {}
    index: dict[tuple[EntityKind, str], Concept] = {}
    for ident in sorted(drafts):
        draft = drafts[ident]
        kind = ident[0]
        if kind is EntityKind.FRAMEWORK and draft.category == "library":
            kind = EntityKind.LIBRARY  # toolboxes and libraries are kept apart from frameworks
        concept = Concept(
            kind,
            ident[1],
            draft.pref or ident[1],
            tuple(sorted(draft.alt)),
            tuple(sorted(draft.hidden)),
            tuple(sorted(k for k in draft.broader if drafts.get((ident[0], k)) is not None)),
            draft.category,
        )
        concepts[(kind, ident[1])] = concept
        # a concept's preferred label wins over another concept's alternative spelling
        for label in concept.labels:
            index.setdefault((concept.kind, name_key(label)), concept)
        index[(concept.kind, name_key(concept.pref))] = concept
    return Vocabulary(concepts, index, files_digest)
