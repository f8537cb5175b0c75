"""Method families: which a heading names, how a family's versions lead up to it, and the two
relations of an entry to the families its text names.

- `kg:methodFamily` (the entry *belongs to* the family: its origin, a version or a variant):
  under a family's heading, when its own title, intro or keywords name that family (a known
  version of it, `YOLOv3` under `## YOLO`, is more specific and wins), or when it is the first
  entry there; else the name its title presents as its own (`SphereFace: ...`); else a name
  its intro or keywords give alone (`ICLR 2015. DeepLab`). At most one.
- `kg:usesMethod`: every other known method or architecture its text names (`... with
  Transformers`, `a ResNet backbone`). Architecture classes (Transformer, LSTM, GAN, ResNet)
  are only ever used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.understand.headings import KIND_WORDS
from kg.understand.records import Entity, EntityKind
from kg.understand.resolve import entity_for, new_entity
from kg.understand.vocabulary import Vocabulary

_HEADING_PARTS = re.compile(r"\s*/\s*|\s+&\s+|,\s*")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")
_VERSION_WORD = re.compile(r"v\d+")
# Words that make a heading a topic, never a method name (`RGB-D Segmentation`, `## OCR`), and
# hardware and platforms (`## FPGA`, `# GPU`), which are no methods either.
_TOPIC_WORDS = frozenset(
    """segmentation detection tracking recognition estimation parsing learning classification
    generation retrieval localization localisation reconstruction captioning synthesis prediction
    analysis understanding matching completion registration translation resolution
    super-resolution denoising compression search re-identification reid re-id identification
    counting spotting reading alignment transfer adaptation survey surveys review reviews
    construction mapping planning forecasting perception navigation control manipulation grasping
    summarization colorization stylization editing inpainting restoration enhancement deblurring
    dehazing deraining answering captioning prediction programming processing
    ocr nlp slam vqa ar vr rl asr tts ml ai cv hci hd 3d 2d rgb rgb-d rgbd lidar mri ct
    mot sot vos vis ner nmt mt str hoi sgg vo sfm mvs hpe fer zsl fsl wsod uda ssl kd qa nli ir
    fpga fpgas gpu gpus cpu cpus tpu npu asic sram dram arm dsp soc cloud docker ec2 aws""".split()
)
_OTHER_KINDS = (
    EntityKind.DATASET,
    EntityKind.VENUE,
    EntityKind.INSTITUTION,
    EntityKind.FRAMEWORK,
    EntityKind.LIBRARY,
)
_WORD = re.compile(r"[A-Za-z0-9+]+(?:-[A-Za-z0-9+]+)*")
# An inflection after a stem of four characters at least.
_INFLECTION = re.compile(r"(?<=[a-z0-9+-]{4})(?:izations|ization|izing|ized|izes|ize|ations|ation|es|s)(?= |$)")


def method_shaped(word: str) -> bool:
    """`BoxSup`, `ENet`, `MPF-RNN`, `FCIS`, `DeepLabv2`: a letter first, and a capital right after
    a small letter, a digit or another capital (`Multi-Object` is an ordinary compound)."""
    return bool(re.match(r"^[A-Za-z]", word)) and bool(re.search(r"[a-z0-9][A-Z]|[A-Z]{2}", word))


def _shaped_family(vocab: Vocabulary, part: str) -> Entity | None:
    """A family the vocabulary does not know, for a heading part shaped like a method name."""
    words = part.split()
    if not 1 <= len(words) <= 3 or any(_YEARISH.match(w) for w in words):
        return None
    if words[-1].lower() in KIND_WORDS or not any(method_shaped(w) for w in words):
        return None
    if not (method_shaped(words[-1]) or _VERSION_WORD.fullmatch(words[-1]) or words[-1].isdigit()):
        return None  # `HD Map Construction` names a task
    if any(w.lower().strip("()") in _TOPIC_WORDS for w in words):
        return None
    if any(vocab.lookup(kind, part) for kind in _OTHER_KINDS):
        return None
    if any(w[:1].islower() and not _VERSION_WORD.fullmatch(w) for w in words):
        return None
    return new_entity(EntityKind.FAMILY, part)


def heading_families(vocab: Vocabulary, text: str) -> list[Entity]:
    """The method families a heading names: each `/`-separated part that the vocabulary knows as
    a method (not an architecture class; a plural as its singular, `Deep Dreams`), or that is
    shaped like a method name (one to three words, one of them like `DeconvNet` or `MPF-RNN`)
    and is no dataset, venue, institution, framework or library. Topic, hardware and structural
    headings (`Human Parsing`, `FPGA`, `Benchmarks`) name none."""
    found: list[Entity] = []
    for part in _HEADING_PARTS.split(text.strip()):
        part = part.strip()
        if not part:
            continue
        concept = vocab.lookup(EntityKind.FAMILY, part)
        if concept is None and part.endswith("s") and not part.endswith("ss"):
            singular = vocab.lookup(EntityKind.FAMILY, part[:-1])  # `# Deep Dreams`: DeepDream
            if singular is not None:
                concept, part = singular, part[:-1]
        if concept is not None and concept.architecture:
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


@lru_cache(maxsize=65536)
def _stems(text: str) -> tuple[str, ...]:
    """The words of `text`, lower-cased and stripped of inflections (`normalized` ->
    `normal`). A hyphenated compound of acronyms stays one word (`WGAN-GP`, `R-CNN`); others
    are split (`Batch-Normalized`)."""
    words = []
    for token in _WORD.findall(text):
        if "-" in token and not all(part.upper() == part for part in token.split("-")):
            words.extend(token.split("-"))
        else:
            words.append(token)
    return tuple(_INFLECTION.sub("", " ".join(words).lower()).split())


def names_words_of(label: str, texts: Sequence[str]) -> bool:
    """True when the words of `label` appear in a row in one of `texts`, as whole words in any
    case and inflection (`Variational Dropout` names Dropout, `Batch-Normalized Models` names
    Batch Normalization; `DropFilter` does not name Dropout, nor `WGAN-GP` WGAN)."""
    wanted = _stems(label)
    if not wanted:
        return False
    for text in texts:
        words = _stems(text)
        if wanted[0] not in words:
            continue
        if any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)):
            return True
    return False


def _architecture(vocab: Vocabulary, entity: Entity) -> bool:
    concept = vocab.get(EntityKind.FAMILY, entity.key)
    return concept is not None and concept.architecture


def _heading_family(
    vocab: Vocabulary, named: Sequence[Entity], headings: Sequence[tuple[Entity, bool]], texts: Sequence[str]
) -> Entity | None:
    """The family of a heading the entry sits under and names: the heading's family when the
    entry's words name it (it wins over a variant name of the entry's own, `Variational
    Dropout`), else the most specific known version of it the entry names (`YOLOv3` under
    `## YOLO`); or None."""
    for family, first in headings:
        if any(names_words_of(label, texts) for label in (family.label, *family.spellings)):
            return family
        narrower = [e for e in named if e.key == family.key or family.key in _ancestor_keys(vocab, e)]
        if narrower:
            return max(narrower, key=lambda e: len(_ancestor_keys(vocab, e)))
        if first and any(e.key in _ancestor_keys(vocab, family) for e in named):
            return family  # `DeepLab: ...`, first under `## DeepLab v2`
    return None


def _ancestor_keys(vocab: Vocabulary, entity: Entity) -> set[str]:
    return {wide.key for _, wide in family_ancestors(vocab, entity)}


def decide_families(
    vocab: Vocabulary,
    named: Sequence[tuple[Entity, str]],
    headings: Sequence[tuple[Entity, bool]],
    texts: Sequence[str],
) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """(families the entry belongs to, families it uses), by the rules of the module docstring.
    `named`: each family its text names with how (`own-title`, `own-text` for a name it
    presents as its own, `mention` otherwise), in reading order; `headings`: the families of the
    headings it sits under, nearest first, each with whether it is the first entry there;
    `texts`: its title, intro and keywords."""
    entities = [entity for entity, _ in named]
    belongs = _heading_family(vocab, entities, headings, texts)
    for how in ("own-title", "own-text"):
        if belongs is None:
            belongs = next((e for e, h in named if h == how and not _architecture(vocab, e)), None)
    if belongs is None and headings and headings[0][1]:
        belongs = headings[0][0]
    skip = {belongs.key, *_ancestor_keys(vocab, belongs)} if belongs else set()
    uses: list[Entity] = []
    for entity, _ in named:
        known = vocab.get(EntityKind.FAMILY, entity.key) is not None
        if known and entity.key not in skip and all(u.key != entity.key for u in uses):
            uses.append(entity)
    wider = {key for entity in uses for key in _ancestor_keys(vocab, entity)}
    return ((belongs,) if belongs else ()), tuple(e for e in uses if e.key not in wider)
