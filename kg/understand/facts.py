"""What an entry says about itself: the frameworks and libraries of its code links, and the
venue, year, institutions, frameworks, libraries, datasets and method families its mentions
name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.read.bullet_keys import key_kind
from kg.read.records import Entry, Problem, Severity
from kg.understand.families import decide_families
from kg.understand.mentions import EntryMentions, Mention
from kg.understand.normalize import normalized_text
from kg.understand.records import Entity, EntityKind, EntryKind, Facts
from kg.understand.resolve import entity_for, resolved, trim_name, with_entity
from kg.understand.vocabulary import Vocabulary

# Words found in code-link annotations that are not frameworks.
NOT_FRAMEWORKS = frozenset(
    """official unofficial author authors original reimplementation re-implementation
    implementation implementations port ported third-party 3rd-party community c++ cpp c python python2
    python3 py windows linux macos mac cuda gpu cpu demo code codes training testing test inference
    models model weights pretrained pre-trained tools tool scripts script release mirror fork
    examples example docker notebook notebooks version devkit toolkit octave java lua
    javascript js r julia go rust cython recommend recommended""".split()
)
# Separators of an annotation: `official, PyTorch`, `Theano/Lasagne`, `OpenCV+OpenBlas`,
# `official. Caffe`, `PyTorch--recommend`, `Caffe and Torch`.
_SPLIT = re.compile(r"\s*(?:,|/|;|&|\+|--|\.\s|\bor\b|\band\b|\bwith\b|\bin\b)\s*", re.I)
_NO_METHOD_OF_ITS_OWN = frozenset(
    {EntryKind.COURSE, EntryKind.DATASET, EntryKind.BENCHMARK, EntryKind.CHALLENGE, EntryKind.LEADERBOARD}
)
_VERSION = re.compile(r"\s*v?\d+(?:\.\d+)*\s*$", re.I)


def annotation_frameworks(
    vocab: Vocabulary, annotation: str, *, source: str, line: int
) -> tuple[tuple[Entity, ...], tuple[Entity, ...], tuple[Problem, ...]]:
    """The frameworks and the libraries an annotation such as `official, PyTorch`,
    `Theano/Lasagne` or `OpenCV+OpenBlas` names, and a problem for each of its words that is
    neither."""
    frameworks: tuple[Entity, ...] = ()
    libraries: tuple[Entity, ...] = ()
    problems: list[Problem] = []
    for token in _SPLIT.split(normalized_text(annotation)):
        token = token.strip(" ()[]'\".")
        if not token or token.lower() in NOT_FRAMEWORKS:
            continue
        found = [
            entity_for(vocab, kind, name)
            for kind in (EntityKind.FRAMEWORK, EntityKind.LIBRARY)
            for name in (token, _VERSION.sub("", token))
        ]
        entity = next((e for e in found if e is not None), None)
        if entity is None:
            message = f"annotation {token!r} names no framework of the vocabulary"
            problems.append(Problem(source, line, Severity.UNUSED, message))
        elif entity.kind is EntityKind.FRAMEWORK:
            frameworks = with_entity(frameworks, entity)
        else:
            libraries = with_entity(libraries, entity)
    return frameworks, libraries, tuple(problems)


def structural_facts(vocab: Vocabulary, entry: Entry) -> tuple[Facts, tuple[Problem, ...]]:
    """Facts read from the entry's structure (the frameworks and libraries of its code links'
    annotations), and the annotation words that named neither."""
    frameworks: tuple[Entity, ...] = ()
    libraries: tuple[Entity, ...] = ()
    per_repo: dict[str, tuple[Entity, ...]] = {}
    problems: list[Problem] = []
    for link in entry.all_links():
        if not link.annotation or key_kind(link.key) != "code":
            continue
        found, tools, unused = annotation_frameworks(vocab, link.annotation, source=entry.source, line=link.line)
        problems.extend(unused)
        for framework in found:
            if link.url:
                per_repo[link.url] = with_entity(per_repo.get(link.url, ()), framework)
            frameworks = with_entity(frameworks, framework)
        for library in tools:
            libraries = with_entity(libraries, library)
    return Facts(frameworks=frameworks, libraries=libraries, repo_frameworks=tuple(per_repo.items())), tuple(problems)


def _family_entity(vocab: Vocabulary, mention: Mention) -> Entity | None:
    entity = resolved(vocab, EntityKind.FAMILY, mention.key, mention.text)
    if entity is not None and mention.alias and not entity.known:
        entity = Entity(entity.kind, entity.key, entity.label, (trim_name(mention.alias),), known=False)
    return entity


def _venue(vocab: Vocabulary, mentions: EntryMentions) -> Mention | None:
    """The publication venue: the first of the intro lines that is no challenge result nor
    submission, else one written as the title's tail, else one of an `arxiv(...)` annotation."""
    for where in ("intro", "title", "annotation"):
        found = [m for m in mentions.of(EntityKind.VENUE, where) if not (m.award or m.submitted)]
        if found:
            return found[0]
    return None


def mention_facts(
    vocab: Vocabulary,
    facts: Facts,
    mentions: EntryMentions,
    headings: Sequence[tuple[Entity, bool]],
    *,
    entry_kind: EntryKind = EntryKind.PAPER,
) -> Facts:
    """`facts` with what the entry's mentions say: venue with its year and workshop flag;
    institutions, frameworks, libraries, datasets; the method family it belongs to and the
    methods it uses (`kg.understand.families.decide_families`; `headings`: the families of the
    headings it sits under, nearest first, each with whether the entry is the first there).
    A course, dataset, benchmark, challenge or leaderboard presents no method of its own."""
    first = _venue(vocab, mentions)
    if first is not None:
        venue = resolved(vocab, EntityKind.VENUE, first.key, first.text)
        facts = replace(facts, venue=venue, year=first.year, workshop=first.workshop)
    found = {
        kind: list(getattr(facts, name))
        for kind, name in (
            (EntityKind.INSTITUTION, "institutions"),
            (EntityKind.FRAMEWORK, "frameworks"),
            (EntityKind.LIBRARY, "libraries"),
            (EntityKind.DATASET, "datasets"),
        )
    }
    for kind, where in (
        (EntityKind.INSTITUTION, ("intro",)),
        (EntityKind.FRAMEWORK, ("intro", "keywords")),
        (EntityKind.LIBRARY, ("intro", "keywords")),
        (EntityKind.DATASET, ("intro", "keywords")),
    ):
        for mention in mentions.of(kind, *where):
            found[kind] = list(with_entity(tuple(found[kind]), resolved(vocab, kind, mention.key, mention.text)))
    no_own = entry_kind in _NO_METHOD_OF_ITS_OWN
    lead = "own-title" if entry_kind is EntryKind.PAPER else "mention"  # `X for Y` presents X in papers only
    named = [
        (entity, "mention" if no_own else lead if m.how == "own-lead" else m.how)
        for m in mentions.of(EntityKind.FAMILY, "title", "intro", "keywords")
        if (entity := _family_entity(vocab, m)) is not None and (entity.known or not no_own)
    ]
    belongs, uses = decide_families(vocab, named, headings, mentions.texts)
    return replace(
        facts,
        institutions=tuple(found[EntityKind.INSTITUTION]),
        frameworks=tuple(found[EntityKind.FRAMEWORK]),
        libraries=tuple(found[EntityKind.LIBRARY]),
        datasets=tuple(found[EntityKind.DATASET]),
        families=belongs,
        uses=uses,
        awards=tuple(mentions.awards),
        presentation=mentions.presentation,
    )
