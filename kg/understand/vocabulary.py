"""The controlled vocabularies in `ontology/vocab/*.ttl` (SKOS), loaded once and looked up by label.

Adding a venue, institution, framework, dataset or method family is an edit to those files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.resources import ontology_dir

VOCAB_BASE = "https://w3id.org/paperkg/vocab/"
KINDS = ("venue", "institution", "framework", "dataset", "family")
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_KG = "https://w3id.org/paperkg/ontology#"


def label_key(label: str) -> str:
    """The form labels are compared in: accents and case folded, only letters, digits and `+`."""
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^0-9a-z+]+", "", plain.replace("&", "and"))


@dataclass
class Concept:
    """One entry of a vocabulary: a venue, institution, framework, dataset or method family."""

    kind: str
    key: str
    pref: str
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)  # keys of the same kind
    venue_kind: str | None = None

    @property
    def labels(self) -> list[str]:
        return [self.pref, *self.alt, *self.hidden]


@dataclass
class Vocabulary:
    """All concepts, with an index from `label_key` to concept per kind."""

    concepts: dict[tuple[str, str], Concept]
    index: dict[tuple[str, str], Concept]

    def lookup(self, kind: str, label: str) -> Concept | None:
        """The concept of `kind` that has `label` as one of its spellings, or None."""
        return self.index.get((kind, label_key(label)))

    def get(self, kind: str, key: str) -> Concept | None:
        return self.concepts.get((kind, key))

    def of_kind(self, kind: str) -> list[Concept]:
        return sorted((c for (k, _), c in self.concepts.items() if k == kind), key=lambda c: c.key)


def _split(iri: str) -> tuple[str, str] | None:
    if not iri.startswith(VOCAB_BASE):
        return None
    kind, _, key = iri[len(VOCAB_BASE) :].partition("/")
    return (kind, key) if kind in KINDS and key else None


@cache
def load_vocabulary(folder: Path | None = None) -> Vocabulary:
    """Read every `*.ttl` file of the vocabulary folder (default: the packaged one)."""
    import pyoxigraph as ox

    folder = folder or ontology_dir() / "vocab"
    concepts: dict[tuple[str, str], Concept] = {}
    for path in sorted(folder.glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = triple.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            ident = _split(subject.value)
            if ident is None:
                continue
            concept = concepts.setdefault(ident, Concept(ident[0], ident[1], ""))
            predicate, obj = triple.predicate.value, triple.object
            if predicate == _SKOS + "prefLabel":
                concept.pref = obj.value
            elif predicate == _SKOS + "altLabel":
                concept.alt.append(obj.value)
            elif predicate == _SKOS + "hiddenLabel":
                concept.hidden.append(obj.value)
            elif predicate == _SKOS + "broader" and isinstance(obj, ox.NamedNode):
                target = _split(obj.value)
                if target and target[0] == ident[0]:
                    concept.broader.append(target[1])
            elif predicate == _KG + "venueKind":
                concept.venue_kind = obj.value
    index: dict[tuple[str, str], Concept] = {}
    for ident in sorted(concepts):
        concept = concepts[ident]
        if not concept.pref:
            concept.pref = concept.key
        concept.alt.sort()
        concept.hidden.sort()
        concept.broader.sort()
        # a concept's preferred label wins over another concept's alternative spelling
        for label in concept.labels:
            index.setdefault((concept.kind, label_key(label)), concept)
        index[(concept.kind, label_key(concept.pref))] = concept
    return Vocabulary(concepts, index)
