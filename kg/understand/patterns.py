"""spaCy patterns generated from the vocabulary, and the rule pipeline that uses them.

The vocabulary (`ontology/vocab/*.ttl`) is the one source of truth: every `skos:prefLabel`,
`skos:altLabel` and `skos:hiddenLabel` becomes a phrase pattern whose id is `kind:key`.
Patterns are plain data: `vocabulary_patterns()` returns them, `write_patterns()` saves them as
JSONL for inspection.

Case: acronym-like labels (no lower-case letter, or three characters at most: `FAIR`, `EAST`,
`SVT`, `IV`) match only as written; every other label matches in any case. A one-word label
that is an ordinary capitalized word (`Apple`, `Places`, `Torch`) does not match when written
all in lower case (see `capitalized_only`). Venue acronyms also match in any case (`Cvpr 2018`),
but the extractor keeps those matches only when a year follows.

The patterns are matched by `kg.understand.phrases.PhraseTable` (what spaCy's `PhraseMatcher`
finds, on the same tokens). The patterns of a vocabulary and the tokens of each are kept in
paperkg's cache folder (`kg.cachefiles`), keyed by the vocabulary's files, the code that makes
them and the spaCy version: a warm machine sets the rules up without tokenizing them again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cachefiles import code_digest, digest, read_record, write_record
from kg.understand.normalize import normalized_text
from kg.understand.phrases import PhraseTable, pattern_tokens
from kg.understand.records import EntityKind
from kg.understand.shapes import DATASET_SHAPES, INSTITUTION_SHAPES, VENUE_SHAPES
from kg.understand.vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.language import Language

# Framework names that are everyday words (`torch`, `sonnet`) must be capitalized to count.
_EVERYDAY_FRAMEWORKS = frozenset({"torch", "sonnet", "flax", "paddle", "gluon", "caffe2", "chainer"})

_YEAR_INFIXES = [
    r"(?<=[A-Z]{2})(?=(?:19|20)\d{2}(?![\d]))",  # CVPR2017 -> CVPR 2017, VOC2012 -> VOC 2012
    r"(?<=[A-Z]{3})(?=\d{2}(?![\d]))",  # ECCV18 -> ECCV 18
    r"(?<=[A-Za-z])(?='\d{2}(?!\d))",  # CVPR'17 -> CVPR '17
    r"(?<=[A-Za-z])-(?=\d)",  # AAAI-17, CVPR-2019 -> AAAI - 17
]


def _acronym_like(label: str) -> bool:
    letters = [ch for ch in label if ch.isalpha()]
    return len(label) <= 3 or not any(ch.islower() for ch in letters)


def label_pattern(kind: EntityKind, key: str, label: str) -> dict[str, Any]:
    """The phrase pattern of one label: `{"label", "pattern", "id", "case"}`; the pattern is the
    label normalized as entry text is (`kg.understand.normalize`)."""
    label = normalized_text(label)
    return {
        "label": kind.ruler_label,
        "pattern": label,
        "id": f"{kind}:{key}",
        "case": "exact" if _acronym_like(label) else "any",
    }


def vocabulary_patterns(vocab: Vocabulary) -> list[dict[str, Any]]:
    """Every vocabulary spelling as a phrase pattern, sorted for a stable order."""
    patterns = {
        (concept.kind, normalized_text(label), concept.key): label_pattern(concept.kind, concept.key, label)
        for concept in vocab.concepts.values()
        for label in concept.labels
        if label.strip()
    }
    return [patterns[k] for k in sorted(patterns)]


def write_patterns(path: Path, vocab: Vocabulary) -> int:
    """Save the generated patterns as JSONL (one pattern a line); returns how many."""
    patterns = vocabulary_patterns(vocab)
    path.write_text("".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in patterns))
    return len(patterns)


def capitalized_only(pattern: dict[str, Any]) -> bool:
    """True for a one-word label that must not match when written all in lower case."""
    label = pattern["pattern"]
    if pattern["case"] == "exact" or not re.fullmatch(r"[A-Z][a-z]+\d*", label):
        return False
    kind = pattern["id"].split(":", 1)[0]
    return kind != "framework" or label.lower() in _EVERYDAY_FRAMEWORKS


@dataclass(frozen=True)
class Rules:
    """The rule pipeline of one vocabulary: the spaCy pipeline that tokenizes, the phrase tables
    of the vocabulary's patterns, the labels that must not match in lower case, and the shape
    matchers."""

    nlp: Language
    lowered_only: frozenset[tuple[str, str]]  # (pattern id, lower-cased label) of `capitalized_only` labels
    shapes: tuple[tuple[str, Any], ...]  # (label, spaCy `Matcher`): ORG_SHAPE, VENUE_SHAPE, DATASET_SHAPE
    phrases: tuple[tuple[str, PhraseTable], ...]  # (name, table) of the tables that have patterns
    camel_only: frozenset[tuple[str, str]]  # (pattern id, lower-cased label) of labels like `DetectoRS` only


@dataclass(frozen=True)
class CompiledPatterns:
    """What the rules of a vocabulary are made from, kept in the cache folder: its patterns, the
    token texts of each pattern text, and the label sets of `Rules`."""

    patterns: list[dict[str, Any]]
    tokens: dict[str, tuple[str, ...]]
    lowered_only: frozenset[tuple[str, str]]
    camel_only: frozenset[tuple[str, str]]


# (name, attribute matched, which patterns): exact-case patterns, any-case patterns, and venue
# acronyms in any case (kept by the extractor only when a year follows).
_TABLES: tuple[tuple[str, str, Callable[[dict[str, Any]], bool]], ...] = (
    ("vocab_exact", "ORTH", lambda p: p["case"] == "exact"),
    ("vocab_any_case", "LOWER", lambda p: p["case"] == "any"),
    (
        "venue_acronyms_any_case",
        "LOWER",
        lambda p: p["case"] == "exact" and p["label"] == "VENUE" and bool(re.fullmatch(r"[A-Z]{3,}", p["pattern"])),
    ),
)
_RULES: dict[str, Rules] = {}  # by vocabulary digest: set up once per process
# the code that the compiled patterns depend on (its bytes are part of their cache key)
_CODE = tuple(f"kg.understand.{name}" for name in ("patterns", "phrases", "normalize", "records", "vocabulary"))


def rules(vocab: Vocabulary) -> Rules:
    """The rule pipeline of `vocab`, set up on first use and kept for the process."""
    found = _RULES.get(vocab.digest)
    if found is None:
        nlp = blank_pipeline()
        compiled = compiled_patterns(vocab, nlp)
        tables = [(name, _table(compiled, attr, keep, nlp)) for name, attr, keep in _TABLES]
        used = tuple((name, table) for name, table in tables if len(table))
        found = _RULES.setdefault(
            vocab.digest, Rules(nlp, compiled.lowered_only, _shape_matchers(nlp), used, compiled.camel_only)
        )
    return found


def make_nlp(vocab: Vocabulary) -> Language:
    """A spaCy pipeline with the vocabulary's patterns in entity rulers (`doc.ents`), for use
    outside the build: the tokenizer of `blank_pipeline`, one ruler per phrase table (same
    patterns, same attribute). The build matches with the tables (`rules`), not with this."""
    nlp = blank_pipeline()
    patterns = vocabulary_patterns(vocab)
    for name, attr, keep in _TABLES:
        config: dict[str, Any] = {"validate": True, "overwrite_ents": False}
        if attr == "LOWER":
            config["phrase_matcher_attr"] = attr
        # first in the pipeline: a ruler tokenizes its phrase patterns with the pipes before it
        ruler = nlp.add_pipe("entity_ruler", name=name, config=config, first=True)
        ruler.add_patterns([{k: p[k] for k in ("label", "pattern", "id")} for p in patterns if keep(p)])  # type: ignore[attr-defined]
    return nlp


def _table(compiled: CompiledPatterns, attr: str, keep: Callable[[dict[str, Any]], bool], nlp: Language) -> PhraseTable:
    """The phrase table of the compiled patterns that `keep` selects."""
    phrases = ((compiled.tokens[p["pattern"]], (p["label"], p["id"])) for p in compiled.patterns if keep(p))
    return PhraseTable(attr, phrases, nlp.vocab.strings)


def compiled_patterns(vocab: Vocabulary, nlp: Language) -> CompiledPatterns:
    """The patterns of `vocab` with their tokens: from the cache folder when a record made from
    the same vocabulary, code and spaCy version is there and intact, else made (and stored)."""
    import spacy

    key = digest(vocab.digest, spacy.__version__, code_digest(*_CODE))
    found = read_record("patterns", key, CompiledPatterns)
    if found is None:
        patterns = vocabulary_patterns(vocab)
        found = CompiledPatterns(
            patterns,
            pattern_tokens(nlp, (p["pattern"] for p in patterns)),
            frozenset((p["id"], p["pattern"].lower()) for p in patterns if capitalized_only(p)),
            _camel_only(patterns),
        )
        write_record("patterns", key, found)
    return found


def blank_pipeline() -> Language:
    """A blank English pipeline whose tokenizer is split so that `CVPR2017`, `ECCV18`,
    `CVPR'17`, `AAAI-17` give the venue and the year as separate tokens. No trained model is
    used or downloaded."""
    import spacy
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    infixes = list(nlp.Defaults.infixes or ()) + _YEAR_INFIXES
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    return nlp


# Words without which a text holds no name of a shape (a cheap test before the matcher runs).
SHAPE_TRIGGERS = {
    "ORG_SHAPE": re.compile(
        r"univ|institu|istitu|lab|research|inc\b|corp|ltd|limited|college|academ|cent(?:er|re)|school|group|"
        r"robotics|hospital|technolog|gmbh|co\.|llc|\bai\b|r&d|polytechn|politecnico|[eé]cole",
        re.I,
    ),
    "VENUE_SHAPE": re.compile(r"transactions|journal|conference|symposium|proceedings|letters", re.I),
    "DATASET_SHAPE": re.compile(r"dataset|benchmark|database|corpus|data set", re.I),
}


def _shape_matchers(nlp: Language) -> tuple[tuple[str, Any], ...]:
    """spaCy `Matcher`s for institutions, long-form venues and headed datasets by token shape
    (`kg.understand.shapes`; the longest match of each wins), one per kind, each run only on
    texts that hold one of its `SHAPE_TRIGGERS`."""
    from spacy.matcher import Matcher

    found = []
    for label, shapes in (
        ("ORG_SHAPE", INSTITUTION_SHAPES),
        ("VENUE_SHAPE", VENUE_SHAPES),
        ("DATASET_SHAPE", DATASET_SHAPES),
    ):
        matcher = Matcher(nlp.vocab, validate=True)
        matcher.add(label, shapes, greedy="LONGEST")
        found.append((label, matcher))
    return tuple(found)


def _camel_only(patterns: list[dict[str, Any]]) -> frozenset[tuple[str, str]]:
    """(id, lower-cased label) of any-case labels written with a capital inside a word
    (`DetectoRS`) whose concept has no label of that spelling without one: such a label in
    plain lower or title case (`Detectors`) is an ordinary word."""
    camel = {
        (p["id"], p["pattern"].lower())
        for p in patterns
        if p["case"] == "any" and re.search(r"[a-z][A-Z]", p["pattern"])
    }
    plain = {(p["id"], p["pattern"].lower()) for p in patterns if not re.search(r"[a-z][A-Z]", p["pattern"])}
    return frozenset(camel - plain)
