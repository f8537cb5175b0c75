"""Datasets the vocabulary does not know, found by how intro and keywords lines name them:

- with a head word: `the MSMT17 dataset`, `CelebA-HQ dataset`, `MPII benchmark`;
- after `Dataset-`: `Dataset-Foo`;
- in a list beside a known dataset: `on Market-1501, CUHK03 and VeRi-776`;
- as a variant of a known dataset that names another one: `COCO-Stuff`, `KITTI MOTS`-like
  task qualifiers (a tracking or segmentation variant of a detection benchmark is its own
  dataset, not its parent).

A name must hold a token shaped like a name (an acronym, a capital inside a word, a digit), and
words of the field (`Re-ID`, `3D`, `RGB-D`) and metrics (`mAP`, `IoU`) are not names.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.understand.records import EntityKind
from kg.understand.shapes import DATASET_HEADS
from kg.understand.vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# (start, end) of a dataset name in a doc
Found = tuple[int, int]

FIELD_WORDS = frozenset(
    """id reid re-id 3d 2d rgb rgbd rgb-d hd ai cv ml nlp ocr qa vqa cnn cnns dnn rnn gan gans
    sota new large small scale novel our the a an public real synthetic""".split()
)
METRICS = frozenset(
    """ap map ap50 ap75 iou miou fps psnr ssim auc roc f1 f-score bleu rouge cider meteor spice acc eer far frr
    mota motp idf1 hota fid lpips top-1 top-5 mae mse rmse wer cer ndcg mrr hr recall precision""".split()
)
_SHAPED = re.compile(r"^[A-Za-z][\w+-]*(?:[a-z][A-Z]|[A-Z]{2}|\d)[\w+-]*$|^[A-Z][a-z]*\d")
_SEPARATORS = frozenset({",", "and", "&", "/", "or"})
_CLAUSE_ENDS = frozenset({".", ":", ";", "|"})
_SPLITS = frozenset("test val train dev trainval minival test-dev test-std testdev".split())
_TASK_QUALIFIERS = frozenset(
    "Stuff Text Panoptic Tracking MOTS VIS VOS VPS Depth Stereo Flow Odometry Captions Entities LT".split()
)


_APART = frozenset({"(", ")", "[", "]", ":", ",", ";", "."})


def glued_words(span: Span) -> list[str]:
    """The words of a span, tokens written without a space between them glued into one
    (`PWC-Net`, `fancy-cnn`, `Market-1501`); brackets and punctuation stand apart."""
    words: list[str] = []
    previous = None
    for token in span:
        apart = token.text in _APART or (previous is not None and previous.text in _APART)
        if words and previous is not None and previous.whitespace_ == "" and not apart:
            words[-1] += token.text
        elif token.text not in _APART:
            words.append(token.text)
        previous = token
    return words


def name_shaped(text: str) -> bool:
    """A token that looks like a dataset's or method's name: an acronym, a capital inside a
    word or a digit (`MSMT17`, `CelebA`, `VeRi`), not a field word or a metric."""
    lowered = text.lower()
    return bool(_SHAPED.match(text)) and lowered not in FIELD_WORDS and lowered not in METRICS


def _name_ok(doc: Doc, start: int, end: int) -> bool:
    """A dataset name: one to four words, none a metric or a lower-case word, one shaped like a
    name (`Market-1501`, `MSMT17`, `CelebA-HQ`)."""
    words = glued_words(doc[start:end])
    if not words or len(words) > 4 or any(w.lower() in METRICS for w in words):
        return False
    if any(w[:1].islower() and not name_shaped(w) for w in words):
        return False
    return any(name_shaped(w) for w in words)


def _trimmed(doc: Doc, start: int, end: int) -> int:
    """`start` moved past lower-case words (`results on`, `named`) that open a list item."""
    while start < end and doc[start].text[:1].islower() and not name_shaped(doc[start].text):
        start += 1
    return start


def headed(doc: Doc, matches: list[tuple[int, int]]) -> list[Found]:
    """Names next to a dataset head word (`the MSMT17 dataset`, `a new benchmark, named
    Foo-7K`): the words of the match without the head, cut at a leading field word."""
    heads = {*DATASET_HEADS, "data", "set"}
    found = []
    for start, end in matches:
        stop = end
        if doc[start].lower_ in DATASET_HEADS:
            start += 1
            while start < stop and doc[start].lower_ in {",", "named", "called", "dubbed"}:
                start += 1
        else:
            while stop > start and doc[stop - 1].lower_ in heads:
                stop -= 1
        start = _trimmed(doc, start, stop)
        while start < stop and (doc[start].lower_ in FIELD_WORDS or doc[start].text == "-"):
            start += 1
        if start < stop and _name_ok(doc, start, stop):
            found.append((start, stop))
    return found


def after_dataset_dash(doc: Doc) -> list[Found]:
    """`Dataset-Foo`: the name glued after `Dataset-` is a dataset (never a venue)."""
    found = []
    for token in doc[:-2]:
        i = token.i
        glued = token.whitespace_ == "" and doc[i + 1].whitespace_ == ""
        if token.lower_ == "dataset" and doc[i + 1].text == "-" and glued and doc[i + 2].text[:1].isalnum():
            found.append((i + 2, i + 3))
    return found


def _items(doc: Doc) -> list[list[tuple[int, int]]]:
    """The lists of `doc`, each as the (start, end) of its items: runs of tokens between list
    separators (`,`, `and`, `&`, `/`), within one clause. What is written in brackets (an
    alias, `Focusing Attention Network (FAN)`) is no item."""
    lists: list[list[tuple[int, int]]] = []
    items: list[tuple[int, int]] = []
    start, depth = 0, 0
    for token in [*doc, None]:
        text = token.text if token is not None else "."
        depth += {"(": 1, ")": -1}.get(text, 0)
        if token is not None and token.lower_ not in _SEPARATORS and text not in _CLAUSE_ENDS | {"(", ")"}:
            continue
        at = token.i if token is not None else len(doc)
        if at > start and depth <= 0 and text != ")":
            items.append((start, at))
        start = at + 1
        if text in _CLAUSE_ENDS:
            if len(items) > 1:
                lists.append(items)
            items = []
    return lists


def listed_beside_known(doc: Doc, known: list[Found], taken: set[int]) -> list[Found]:
    """Items of a list that holds a known dataset and that are names themselves: `on
    Market-1501, CUHK03 and VeRi-776` gives VeRi-776 when Market-1501 is known."""
    found: list[Found] = []
    if not known:
        return found
    for items in _items(doc):
        found += _beside_known(doc, items, known, taken)
    return found


def _beside_known(doc: Doc, items: list[tuple[int, int]], known: list[Found], taken: set[int]) -> list[Found]:
    with_known = {item for item in items for s, e in known if item[0] <= s and e <= item[1]}
    if not with_known:
        return []
    found = []
    for start, end in items:
        if (start, end) in with_known:
            continue
        start = _trimmed(doc, start, end)
        if any(i in taken for i in range(start, end)):
            continue
        if _name_ok(doc, start, end) and all(t.text[:1].isalnum() or t.text == "-" for t in doc[start:end]):
            found.append((start, end))
    return found


def variant_end(doc: Doc, end: int) -> int:
    """Where a known dataset's name really ends: past a qualifier that makes it another dataset
    (`COCO-Stuff`, `PASCAL-Context`, `KITTI MOTS`); `end` itself when none follows. Splits
    (`COCO test-dev`), years and versions keep the dataset."""
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end - 1].whitespace_ == "" and doc[end].whitespace_ == "":
        word = doc[end + 1].text
        if word[:1].isalpha() and word.lower() not in _SPLITS and not re.fullmatch(r"v?\d+(?:\.\d+)?", word, re.I):
            return end + 2
    if end < len(doc) and doc[end].text in _TASK_QUALIFIERS:
        return end + 1
    return end


def edition(doc: Doc, start: int, end: int, vocab: Vocabulary) -> tuple[int, str] | None:
    """The edition a year written after a known dataset's name names, when the vocabulary knows
    it: `DAVIS Challenge on Video Object Segmentation 2017` is DAVIS 2017. Returns the end of
    the name with its year and the edition's key; None when no year follows within the name
    (capitalized words and `on`, `of`, `the` between) or no such edition is known."""
    i = end
    while i < len(doc) and i - end < 6 and (doc[i].text[:1].isupper() or doc[i].lower_ in {"on", "of", "the"}):
        i += 1
    if i >= len(doc) or not re.fullmatch(r"(?:19|20)\d\d", doc[i].text):
        return None
    parent = vocab.lookup(EntityKind.DATASET, doc[start:end].text)
    names = [doc[start:end].text] + ([parent.pref] if parent else [])
    for name in names:
        concept = vocab.lookup(EntityKind.DATASET, f"{name} {doc[i].text}")
        if concept is not None and (parent is None or concept.key != parent.key):
            return i + 1, concept.key
    return None
