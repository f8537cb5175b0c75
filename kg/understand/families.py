"""Method families: which a heading names, and how a family's versions lead up to it."""

from __future__ import annotations

import re

from kg.understand.records import Entity, EntityKind
from kg.understand.resolve import entity_for, new_entity
from kg.understand.vocabulary import Vocabulary

_HEADING_PARTS = re.compile(r"\s*/\s*|\s+&\s+|,\s*")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")
_VERSION_WORD = re.compile(r"v\d+")
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
_OTHER_KINDS = (EntityKind.DATASET, EntityKind.VENUE, EntityKind.INSTITUTION, EntityKind.FRAMEWORK)


def method_shaped(word: str) -> bool:
    """`BoxSup`, `ENet`, `MPF-RNN`, `FCIS`, `DeepLabv2`: a letter first, and a capital right after
    a small letter, a digit or another capital (`Multi-Object` is an ordinary compound)."""
    return bool(re.match(r"^[A-Za-z]", word)) and bool(re.search(r"[a-z0-9][A-Z]|[A-Z]{2}", word))


def _shaped_family(vocab: Vocabulary, part: str) -> Entity | None:
    """A family the vocabulary does not know, for a heading part shaped like a method name."""
    words = part.split()
    if not 1 <= len(words) <= 3 or any(_YEARISH.match(w) for w in words):
        return None
    if words[-1].lower() in _KIND_WORDS or not any(method_shaped(w) for w in words):
        return None
    if any(w.lower().strip("()") in _TOPIC_WORDS for w in words):
        return None
    if any(vocab.lookup(kind, part) for kind in _OTHER_KINDS):
        return None
    if any(w[:1].islower() and not _VERSION_WORD.fullmatch(w) for w in words):
        return None
    return new_entity(EntityKind.FAMILY, part)


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
        entity = entity_for(vocab, EntityKind.FAMILY, part) or _shaped_family(vocab, part)
        if entity is not None and entity not in found:
            found.append(entity)
    return found


def family_ancestors(vocab: Vocabulary, entity: Entity) -> list[tuple[Entity, Entity]]:
    """`(narrower, broader)` pairs from `entity` up its vocabulary chain of `skos:broader`."""
    pairs: list[tuple[Entity, Entity]] = []
    todo, seen = [entity], {entity.key}
    while todo:
        current = todo.pop()
        concept = vocab.get(EntityKind.FAMILY, current.key)
        for key in concept.broader if concept else ():
            wider = vocab.get(EntityKind.FAMILY, key)
            if wider is None:
                continue
            wide = Entity(EntityKind.FAMILY, wider.key, wider.pref, tuple(sorted(wider.alt)))
            pairs.append((current, wide))
            if wider.key not in seen:
                seen.add(wider.key)
                todo.append(wide)
    return pairs
