"""The vocabulary's phrase tables (`kg.understand.phrases`) find what spaCy's entity rulers, with
their `PhraseMatcher`s, find on the same tokens: the same spans with the same pattern ids, for
the vocabulary's every pattern, in texts with case variants, hyphens, years glued to acronyms,
multi-token names, overlapping and nested names, and every intro, keywords and title line of
the bundled and test lists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kg.read.parser import parse_text
from kg.resources import bundled_list
from kg.understand.normalize import normalize
from kg.understand.patterns import blank_pipeline, make_nlp, rules, vocabulary_patterns
from kg.understand.phrases import PhraseTable, doc_hashes, pattern_tokens
from kg.understand.vocabulary import load_vocabulary

Found = tuple[tuple[str, str], int, int]
LISTS = [bundled_list(), *sorted((Path(__file__).parent / "data" / "lists").glob("*.md"))]
TEXTS = [
    "CVPR 2017. University of Toronto",
    "CVPR2017, ECCV18, CVPR'17, AAAI-17, cvpr 2018, Cvpr 2019, ICCV-2019, NeurIPS2020",
    "Microsoft Research Asia; Microsoft Research; Microsoft. Google Brain, Google Research, Google",
    "Carnegie Mellon University and the University of California, Berkeley; UC Berkeley",
    "Faster R-CNN, Mask R-CNN, mask r-cnn, R-CNN, Fast R-CNN; ResNet-50, resnet, RESNET",
    "PyTorch, pytorch, TensorFlow, tensorflow, Torch, torch, Caffe2, Keras, MXNet",
    "trained on ImageNet, COCO, MS COCO, MS-COCO, PASCAL VOC 2012, VOC2012, Cityscapes",
    "Long Short-Term Memory (LSTM), long short-term memory, Generative Adversarial Networks (GAN)",
    "Transformer, transformers, Vision Transformer, ViT, Detectors, DetectoRS, detectors",
    "IEEE Transactions on Pattern Analysis and Machine Intelligence (TPAMI), PAMI 2016",
    "PROPN ORTH LOWER NOUN is ADJ",  # strings that are spaCy symbols, not hashes
    "",
    "   ",
]


def _reference_rulers(patterns: list[dict[str, Any]]) -> dict[str, Any]:
    """What the rule pipeline was before the phrase tables: one spaCy entity ruler per table,
    each with the same patterns, in a pipeline with the same tokenizer."""
    nlp = blank_pipeline()
    keep = {
        "vocab_exact": (None, lambda p: p["case"] == "exact"),
        "vocab_any_case": ("LOWER", lambda p: p["case"] == "any"),
        "venue_acronyms_any_case": (
            "LOWER",
            lambda p: p["case"] == "exact" and p["label"] == "VENUE" and re.fullmatch(r"[A-Z]{3,}", p["pattern"]),
        ),
    }
    rulers = {}
    for name, (attr, wanted) in keep.items():
        config: dict[str, Any] = {"validate": True, "overwrite_ents": False}
        if attr:
            config["phrase_matcher_attr"] = attr
        ruler = nlp.add_pipe("entity_ruler", name=name, config=config, first=True)
        ruler.add_patterns([{k: p[k] for k in ("label", "pattern", "id")} for p in patterns if wanted(p)])
        rulers[name] = ruler
    return {"nlp": nlp, "rulers": rulers}


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return _reference_rulers(vocabulary_patterns(load_vocabulary()))


def _texts() -> list[str]:
    texts = list(TEXTS)
    for path in LISTS:
        document = parse_text(path.read_text(encoding="utf-8"), path.name)
        for entry in document.entries:
            texts.extend(entry.titles)
            texts.extend(f.text for f in entry.fields if f.key in ("intro", "keywords"))
    return sorted({normalize(t).text for t in texts})


def _pattern_texts(patterns: list[dict[str, Any]], per_text: int = 40) -> list[str]:
    """Every pattern written as is, in lower case, in upper case and in title case, in sentences
    of `per_text` patterns each."""
    written = [
        f"We use {p['pattern']} and {p['pattern'].lower()}, {p['pattern'].upper()}; {p['pattern'].title()}-based."
        for p in patterns
    ]
    return [" ".join(written[i : i + per_text]) for i in range(0, len(written), per_text)]


def _found(reference: dict[str, Any], text: str) -> tuple[dict[str, set[Found]], dict[str, set[Found]]]:
    """What each ruler and what each table finds in `text` (one doc: token ids do not depend on
    the pipeline's vocabulary)."""
    nlp = reference["nlp"]
    doc = nlp.make_doc(text)
    by_rulers: dict[str, set[Found]] = {}
    for name, ruler in reference["rulers"].items():
        found = by_rulers[name] = set()
        for match_id, start, end in ruler.phrase_matcher(doc):
            label, _, ident = nlp.vocab.strings[match_id].partition("||")
            found.add(((label, ident), start, end))
    hashes = doc_hashes(doc)
    by_tables: dict[str, set[Found]] = {name: set() for name in by_rulers}
    for name, table in rules(load_vocabulary()).phrases:
        matches = table.find(hashes[table.attr])
        by_tables[name] = set(matches)
        assert len(matches) == len(by_tables[name])  # one match per key and span
    return by_rulers, by_tables


def test_tables_find_what_the_entity_rulers_find(reference: dict[str, Any]):
    """On every intro, keywords and title line of the bundled and test lists, and on texts of
    case variants, glued years, hyphens, overlapping and nested names and spaCy symbol strings,
    each phrase table finds exactly the (pattern id, start, end) its entity ruler's
    `PhraseMatcher` finds."""
    texts = _texts()
    assert len(texts) > 400
    seen = 0
    for text in texts:
        by_rulers, by_tables = _found(reference, text)
        assert by_tables == by_rulers, text
        seen += sum(len(found) for found in by_rulers.values())
    assert seen > 800


def test_every_pattern_is_found_as_the_rulers_find_it(reference: dict[str, Any]):
    """Each of the vocabulary's patterns, written as is, in lower, upper and title case inside a
    sentence, is found by the tables exactly where and as the rulers find it."""
    patterns = vocabulary_patterns(load_vocabulary())
    seen = 0
    for text in _pattern_texts(patterns):
        by_rulers, by_tables = _found(reference, text)
        assert by_tables == by_rulers, text
        seen += sum(len(found) for found in by_rulers.values())
    assert seen > 4 * len(patterns)


def test_a_table_finds_nested_and_overlapping_phrases_as_a_phrase_matcher_does():
    """A small table finds every occurrence of every phrase, nested (`Microsoft Research Asia`
    holds `Microsoft Research` and `Microsoft`) and overlapping ones included, one match per
    key and span, as a spaCy `PhraseMatcher` with the same patterns does; a pattern's tokens
    are those of the tokenizer (`CVPR2017` is two)."""
    from spacy.matcher import PhraseMatcher

    nlp = blank_pipeline()
    phrases = {
        "A": ["Microsoft", "Microsoft Research", "Microsoft Research Asia"],
        "B": ["Research Asia", "Asia", "CVPR2017", "PROPN"],
        "C": ["Microsoft Research", "microsoft research"],  # the same tokens in LOWER: one match
    }
    tokens = pattern_tokens(nlp, [text for texts in phrases.values() for text in texts])
    assert tokens["CVPR2017"] == ("CVPR", "2017")
    text = "Microsoft Research Asia and microsoft research asia at CVPR 2017, PROPN Asia Asia"
    doc = nlp.make_doc(text)
    for attr in ("ORTH", "LOWER"):
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        for key, texts in phrases.items():
            matcher.add(key, list(nlp.tokenizer.pipe(texts)))  # type: ignore[union-attr]
        expected = sorted((nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc))
        table = PhraseTable(
            attr, [(tokens[t], (key, "")) for key, texts in phrases.items() for t in texts], nlp.vocab.strings
        )
        found = sorted((key, s, e) for (key, _), s, e in table.find(doc_hashes(doc)[attr]))
        assert found == expected
        assert len(found) >= (7 if attr == "ORTH" else 12)


def test_make_nlp_gives_a_pipeline_whose_rulers_find_the_vocabulary():
    """`make_nlp(vocab)` (for use outside the build) is a spaCy pipeline whose entity rulers
    find the vocabulary's names, glued years split off."""
    doc = make_nlp(load_vocabulary())("Work of the University of Toronto at CVPR2017 on Cityscapes")
    assert {(ent.label_, ent.ent_id_, ent.text) for ent in doc.ents} >= {
        ("ORG", "institution:toronto", "University of Toronto"),
        ("VENUE", "venue:cvpr", "CVPR"),
        ("DATASET", "dataset:cityscapes", "Cityscapes"),
    }


def test_a_table_matches_only_orth_or_lower():
    """A table on another token attribute is refused with a clear error."""
    with pytest.raises(ValueError, match="ORTH or LOWER"):
        PhraseTable("NORM", [], blank_pipeline().vocab.strings)
