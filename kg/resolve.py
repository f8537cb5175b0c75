"""Mentions into entities: one entity per vocabulary concept whatever the spelling, new entities
(with a normalized key) for names the vocabulary does not know."""

from __future__ import annotations

import re

from kg.ids import slug
from kg.keys import key_kind
from kg.model import Entity, Entry, Facts, Problem, Severity
from kg.vocab import Vocabulary

# Words found in code-link annotations that are not frameworks.
NOT_FRAMEWORKS = frozenset(
    """official unofficial author authors original reimplementation re-implementation
    implementation implementations port ported third-party 3rd-party community c++ cpp c python python2
    python3 py windows linux macos mac cuda gpu cpu demo code codes training testing test inference
    models model weights pretrained pre-trained tools tool scripts script release mirror fork
    examples example docker notebook notebooks version devkit toolkit octave java lua
    javascript js r julia go rust cython""".split()
)
_SPLIT = re.compile(r"\s*(?:,|/|;|&|\+|\band\b|\bwith\b|\bin\b)\s*", re.I)
_VERSION = re.compile(r"\s*v?\d+(?:\.\d+)*\s*$", re.I)


def entity_for(vocab: Vocabulary, kind: str, name: str) -> Entity | None:
    """The entity a name resolves to: its vocabulary concept if it has one, else None."""
    concept = vocab.lookup(kind, name)
    if concept is None:
        return None
    spellings = {*concept.alt}
    if name != concept.pref:
        spellings.add(name)
    return Entity(kind, concept.key, concept.pref, tuple(sorted(spellings)))


def new_entity(kind: str, name: str) -> Entity:
    """An entity the vocabulary does not know, keyed by its normalized name."""
    return Entity(kind, slug(name), name)


def annotation_frameworks(
    vocab: Vocabulary, annotation: str, *, source: str, line: int, problems: list[Problem]
) -> list[Entity]:
    """The frameworks an annotation such as `official, PyTorch` or `Theano/Lasagne` names."""
    found: list[Entity] = []
    for token in _SPLIT.split(annotation):
        token = token.strip(" ()[]'\"")
        if not token or token.lower() in NOT_FRAMEWORKS:
            continue
        entity = entity_for(vocab, "framework", token) or entity_for(vocab, "framework", _VERSION.sub("", token))
        if entity is None:
            problems.append(
                Problem(source, line, Severity.UNUSED, f"annotation {token!r} names no framework of the vocabulary")
            )
            continue
        if entity not in found:
            found.append(entity)
    return found


def structural_facts(vocab: Vocabulary, entry: Entry, problems: list[Problem]) -> Facts:
    """Facts read from the entry's structure: frameworks of its code links' annotations."""
    facts = Facts()
    for link in entry.all_links():
        if not link.annotation or key_kind(link.key) != "code":
            continue
        frameworks = annotation_frameworks(
            vocab, link.annotation, source=entry.source, line=link.line, problems=problems
        )
        if link.url:
            facts.repo_frameworks.setdefault(link.url, []).extend(
                f for f in frameworks if f not in facts.repo_frameworks.get(link.url, [])
            )
        for framework in frameworks:
            if framework not in facts.frameworks:
                facts.frameworks.append(framework)
    return facts
