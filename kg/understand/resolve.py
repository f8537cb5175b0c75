"""Mentions into entities: one entity per vocabulary concept whatever the spelling, new entities
(with a normalized key) for names the vocabulary does not know."""

from __future__ import annotations

import re

from kg.classify import method_shaped
from kg.extract import EntryMentions, trim_name
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
        for framework in frameworks:
            if link.url:
                _add(facts.repo_frameworks.setdefault(link.url, []), framework)
            _add(facts.frameworks, framework)
    return facts


_HEADING_PARTS = re.compile(r"\s*/\s*|\s+&\s+|,\s*")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")
_KIND_WORDS = frozenset(
    "papers paper benchmarks benchmark challenges challenge datasets dataset blogs blog talks talk projects "
    "tools libraries tutorials courses leaderboard leaderboards resources codes code videos others misc".split()
)


# Words that make a heading a topic, never a method name (`RGB-D Segmentation`, `## OCR`).
_TOPIC_WORDS = frozenset(
    """segmentation detection tracking recognition estimation parsing learning classification
    generation retrieval localization localisation reconstruction captioning synthesis prediction
    analysis understanding matching completion registration translation resolution
    super-resolution denoising compression search re-identification reid re-id identification
    counting spotting reading alignment transfer adaptation survey surveys review reviews
    ocr nlp slam vqa ar vr rl asr tts ml ai cv hci 3d 2d rgb rgb-d rgbd lidar mri ct""".split()
)


def heading_families(vocab: Vocabulary, text: str) -> list[Entity]:
    """The method families a heading names: each `/`-separated part that the vocabulary knows as
    a family, or that is shaped like a method name (one to three words, one of them like
    `DeconvNet` or `MPF-RNN`) and is no dataset, venue or institution. Topic headings
    (`Human Parsing`, `3D Segmentation`, `Benchmarks`) name none."""
    found: list[Entity] = []
    for part in _HEADING_PARTS.split(text.strip()):
        part = part.strip()
        if not part:
            continue
        entity = entity_for(vocab, "family", part)
        if entity is None:
            words = part.split()
            if not 1 <= len(words) <= 3 or any(_YEARISH.match(w) for w in words):
                continue
            if words[-1].lower() in _KIND_WORDS or not any(method_shaped(w) for w in words):
                continue
            if any(w.lower().strip("()") in _TOPIC_WORDS for w in words):
                continue
            if any(vocab.lookup(kind, part) for kind in ("dataset", "venue", "institution", "framework")):
                continue
            if any(w[:1].islower() and not re.fullmatch(r"v\d+", w) for w in words):
                continue
            entity = new_entity("family", part)
        if entity not in found:
            found.append(entity)
    return found


def family_ancestors(vocab: Vocabulary, entity: Entity) -> list[tuple[Entity, Entity]]:
    """`(narrower, broader)` pairs from `entity` up its vocabulary chain of `skos:broader`."""
    pairs: list[tuple[Entity, Entity]] = []
    todo, seen = [entity], {entity.key}
    while todo:
        current = todo.pop()
        concept = vocab.get("family", current.key)
        for key in concept.broader if concept else []:
            wider = vocab.get("family", key)
            if wider is None:
                continue
            wide = Entity("family", wider.key, wider.pref, tuple(sorted(wider.alt)))
            pairs.append((current, wide))
            if wider.key not in seen:
                seen.add(wider.key)
                todo.append(wide)
    return pairs


def _resolved(vocab: Vocabulary, kind: str, key: str | None, text: str) -> Entity | None:
    if key is not None:
        concept = vocab.get(kind, key)
        if concept is None:
            return None
        spellings = {*concept.alt}
        if text and text != concept.pref:
            spellings.add(text)
        return Entity(kind, key, concept.pref, tuple(sorted(spellings)))
    name = trim_name(text)
    if not name:
        return None
    return entity_for(vocab, kind, name) or new_entity(kind, name)


def _add(target: list[Entity], entity: Entity | None) -> None:
    if entity is not None and all(e.key != entity.key for e in target):
        target.append(entity)


def mention_facts(vocab: Vocabulary, facts: Facts, mentions: EntryMentions, first_under: list[Entity]) -> Facts:
    """Add to `facts` what the entry's mentions say: the first publication venue of its intro
    lines that is no challenge result nor submission (else of an `arxiv(...)` annotation) with
    its year and workshop flag; institutions, frameworks, datasets; and method families (named
    by the entry, or introduced by it as the first entry under the family's heading), keeping
    only the most specific family of a chain."""
    venues = [m for m in mentions.of("venue", "intro") if not (m.award or m.submitted)] or mentions.of(
        "venue", "annotation"
    )
    if venues:
        first = venues[0]
        facts.venue = _resolved(vocab, "venue", first.key, first.text)
        facts.year = first.year
        facts.workshop = first.workshop
    for mention in mentions.of("institution", "intro"):
        _add(facts.institutions, _resolved(vocab, "institution", mention.key, mention.text))
    for mention in mentions.of("framework"):
        _add(facts.frameworks, _resolved(vocab, "framework", mention.key, mention.text))
    for mention in mentions.of("dataset", "intro", "keywords"):
        _add(facts.datasets, _resolved(vocab, "dataset", mention.key, mention.text))
    families: list[Entity] = []
    for mention in mentions.of("family", "title", "intro", "keywords"):
        _add(families, _resolved(vocab, "family", mention.key, mention.text))
    for entity in first_under:
        _add(families, entity)
    facts.awards = list(mentions.awards)
    facts.presentation = mentions.presentation
    wider = {wide.key for entity in families for _, wide in family_ancestors(vocab, entity)}
    facts.families = [entity for entity in families if entity.key not in wider]
    return facts
