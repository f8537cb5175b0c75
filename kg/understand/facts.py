"""What an entry says about itself: the frameworks of its code links, and the venue, year,
institutions, frameworks, datasets and method families its mentions name."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.read.bullet_keys import key_kind
from kg.read.records import Entry, Problem, Severity
from kg.understand.families import family_ancestors
from kg.understand.mentions import EntryMentions
from kg.understand.records import Entity, EntityKind, Facts
from kg.understand.resolve import entity_for, resolved, with_entity
from kg.understand.vocabulary import Vocabulary

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


def annotation_frameworks(
    vocab: Vocabulary, annotation: str, *, source: str, line: int
) -> tuple[tuple[Entity, ...], tuple[Problem, ...]]:
    """The frameworks an annotation such as `official, PyTorch` or `Theano/Lasagne` names, and a
    problem for each of its words that is none."""
    found: tuple[Entity, ...] = ()
    problems: list[Problem] = []
    for token in _SPLIT.split(annotation):
        token = token.strip(" ()[]'\"")
        if not token or token.lower() in NOT_FRAMEWORKS:
            continue
        entity = entity_for(vocab, EntityKind.FRAMEWORK, token) or entity_for(
            vocab, EntityKind.FRAMEWORK, _VERSION.sub("", token)
        )
        if entity is None:
            message = f"annotation {token!r} names no framework of the vocabulary"
            problems.append(Problem(source, line, Severity.UNUSED, message))
            continue
        found = with_entity(found, entity)
    return found, tuple(problems)


def structural_facts(vocab: Vocabulary, entry: Entry) -> tuple[Facts, tuple[Problem, ...]]:
    """Facts read from the entry's structure (the frameworks of its code links' annotations), and
    the annotation words that named no framework."""
    frameworks: tuple[Entity, ...] = ()
    per_repo: dict[str, tuple[Entity, ...]] = {}
    problems: list[Problem] = []
    for link in entry.all_links():
        if not link.annotation or key_kind(link.key) != "code":
            continue
        found, unused = annotation_frameworks(vocab, link.annotation, source=entry.source, line=link.line)
        problems.extend(unused)
        for framework in found:
            if link.url:
                per_repo[link.url] = with_entity(per_repo.get(link.url, ()), framework)
            frameworks = with_entity(frameworks, framework)
    return Facts(frameworks=frameworks, repo_frameworks=tuple(per_repo.items())), tuple(problems)


def _families(vocab: Vocabulary, mentions: EntryMentions, first_under: list[Entity]) -> tuple[Entity, ...]:
    """The families an entry names or introduces, only the most specific of each chain kept."""
    families: tuple[Entity, ...] = ()
    for mention in mentions.of(EntityKind.FAMILY, "title", "intro", "keywords"):
        families = with_entity(families, resolved(vocab, EntityKind.FAMILY, mention.key, mention.text))
    for entity in first_under:
        families = with_entity(families, entity)
    wider = {wide.key for entity in families for _, wide in family_ancestors(vocab, entity)}
    return tuple(entity for entity in families if entity.key not in wider)


def mention_facts(vocab: Vocabulary, facts: Facts, mentions: EntryMentions, first_under: list[Entity]) -> Facts:
    """`facts` with what the entry's mentions say: the first publication venue of its intro
    lines that is no challenge result nor submission (else of an `arxiv(...)` annotation) with
    its year and workshop flag; institutions, frameworks, datasets; and method families (named
    by the entry, or introduced by it as the first entry under the family's heading), keeping
    only the most specific family of a chain."""
    venues = [m for m in mentions.of(EntityKind.VENUE, "intro") if not (m.award or m.submitted)] or mentions.of(
        EntityKind.VENUE, "annotation"
    )
    if venues:
        first = venues[0]
        venue = resolved(vocab, EntityKind.VENUE, first.key, first.text)
        facts = replace(facts, venue=venue, year=first.year, workshop=first.workshop)
    institutions, frameworks, datasets = facts.institutions, facts.frameworks, facts.datasets
    for mention in mentions.of(EntityKind.INSTITUTION, "intro"):
        institutions = with_entity(institutions, resolved(vocab, EntityKind.INSTITUTION, mention.key, mention.text))
    for mention in mentions.of(EntityKind.FRAMEWORK):
        frameworks = with_entity(frameworks, resolved(vocab, EntityKind.FRAMEWORK, mention.key, mention.text))
    for mention in mentions.of(EntityKind.DATASET, "intro", "keywords"):
        datasets = with_entity(datasets, resolved(vocab, EntityKind.DATASET, mention.key, mention.text))
    return replace(
        facts,
        institutions=institutions,
        frameworks=frameworks,
        datasets=datasets,
        families=_families(vocab, mentions, first_under),
        awards=tuple(mentions.awards),
        presentation=mentions.presentation,
    )
