"""Method names an entry presents as its own, read from the shape of its title and intro:

- a title `Name: what it does` (also `Name - ...`): `SphereFace: ...`, `PWC-Net: ...`,
  `mixup: ...`, `Song From PI: ...`; with a short name in brackets, that name
  (`Energy-relaxed Wasserstein GANs (EnergyWGAN): ...`);
- a title that is only a name: `YOLOv3`, `BinaryNet`;
- an intro clause or first keyword that is only a name (`ICLR 2015. DeepLab`), or a long name
  with its acronym (`Deep Embedded Clustering (DEC)`).

Whether a name the vocabulary knows is the entry's own is decided by the same rules; a name the
vocabulary does not know must be shaped like one (a capital inside a word, an acronym, a digit,
or a single word that is no ordinary title word).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from kg.understand.datasets import FIELD_WORDS, glued_words

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SEPARATORS = frozenset({":", "-", "–", "—", "--"})
_SEPARATOR_TEXT = re.compile(r":|\s(?:-|–|—|--)\s")
# Title words that begin a phrase, not a name (`Overview: ...`, `Deep Learning Episode 1: ...`).
_NOT_NAMES = frozenset(
    """a an the overview review survey introduction tutorial towards toward beyond note notes lecture lectures
    part chapter episode update abstract summary appendix preface keynote panel interview demo slides video
    talk poster project book course paper papers blog post thesis dissertation report proceedings news deep
    learning neural network networks machine vision revisited explained reloaded when why how what who
    which where is are do does can all everything one two three new""".split()
)
_KIND_AFTER = re.compile(
    r"^(?:an?\s+|the\s+)?(?:[\w-]+,?\s+){0,6}?(?:librar(?:y|ies)|toolkits?|toolbox(?:es)?|packages?|wrappers?|"
    r"interfaces?|apis?|apps?|plugins?|scripts?|environments?|simulators?|implementations?|datasets?|"
    r"benchmarks?|corpus|corpora|challenges?|competitions?|courses?|tutorials?|books?|surveys?|reviews?)\b",
    re.I,
)
# Course numbers (`CS231n`, `CS 20SI`, `CSE 599G1`, `T81-558`), Roman numerals, web addresses.
_NOT_A_METHOD = re.compile(
    r"^(?:[A-Z]{1,4}\s?-?\d{2,3}(?:[A-Za-z]{1,2}\d?)?(?:-\d+)?|[IVXLC]+|.*\.(?:com|org|net|io|ai|edu))$"
)
_INITIALS_OF = re.compile(r"[A-Za-z]")
# Words that make a title about a method rather than a variant of it.
_ABOUT = frozenset(
    """using applying understanding visualizing visualising analyzing analysing explaining interpreting
    evaluating comparing benchmarking revisiting rethinking attacking fooling dissecting probing towards
    toward on beyond why how when what a an""".split()
)
# Last words that make a phrase, not a name (`Data Augmentation Revisited`).
_PHRASE_ENDS = frozenset(
    "revisited explained reloaded overview tutorial survey review notes lecture episode part chapter".split()
)


# Last words that make capitalized words before a title's colon the name of a technique
# (`Cosine Normalization: ...`, `Learning Rate Dropout: ...`, `Noisy Softmax: ...`).
_TECHNIQUES = frozenset(
    """normalization normalisation dropout distillation softmax descent pooling regularization
    regularisation initialization initialisation dropconnect defense defence attack training
    propagation sampling""".split()
)


def shaped_word(word: str) -> bool:
    """`BinaryNet`, `PWC-Net`, `GRUV`, `3D-R2N2`, `YOLO9000`: a capital inside the word, an
    acronym, or letters and digits, and no field word (`3D`, `AI`, `Re-ID`)."""
    if word.lower() in FIELD_WORDS or not any(ch.isalpha() for ch in word):
        return False
    return bool(re.search(r"[a-z0-9][A-Z]|[A-Z]{2}|[A-Za-z]\d", word))


def lone_name(word: str) -> bool:
    """A clause that is one word shaped like a method's name with a small letter or a hyphen
    (`TensorNet`, `MOP-CNN`; not an all-capitals acronym, as often an institution's)."""
    return shaped_word(word) and (any(ch.islower() for ch in word) or "-" in word)


def short_name(word: str) -> bool:
    """A short name given in brackets after the long one it spells (`Deep Embedded Clustering
    (DEC)`, `All Learning Rates At Once (Alrao)`): shaped like a name, or a capitalized word of
    four letters or more."""
    return shaped_word(word) or (len(word) >= 4 and word.isalpha() and word[0].isupper())


def name_like(words: list[str]) -> bool:
    """True when words (of a title before its colon) read as a name rather than a phrase."""
    if not 1 <= len(words) <= 4 or _NOT_A_METHOD.match(" ".join(words)) or not all(map(_latin, words)):
        return False
    if len(words) == 1:
        word = words[0]
        if shaped_word(word):
            return True
        if word.lower() in _NOT_NAMES or word.lower().endswith("ing") or not word[:1].isalpha():
            return False
        return word.islower() or word[:1].isupper()
    if any(not (w[:1].isupper() or shaped_word(w)) for w in words):
        return False  # `Ask the GRU`, `Deep clustering`
    if words[0].lower().endswith("ing") or words[0].lower() in _NOT_NAMES or words[-1].lower() in _PHRASE_ENDS:
        return False
    return any(shaped_word(w) for w in words) or words[-1].lower() in _TECHNIQUES


def _latin(word: str) -> bool:
    """True for a word in Latin letters (a name of this kind of list), not `AlphaGo的分析`."""
    return all(ch.isascii() or unicodedata.category(ch)[0] != "L" or ord(ch) < 0x0250 for ch in word)


def separator_of(doc: Doc, text: str) -> int | None:
    """The token that ends a title's name, if any: its first colon or spaced dash within its
    first twelve tokens (`text` is the doc's text)."""
    if not _SEPARATOR_TEXT.search(text[:200]):
        return None
    return next((t.i for t in doc[:12] if t.text in _SEPARATORS and (t.text == ":" or t.whitespace_)), None)


def leads_for(doc: Doc, start: int, end: int) -> bool:
    """True when `doc[start:end]` opens the title, or follows at most two words that make it a
    variant (`Recurrent ...`, `Improving ...`), and `for` follows it: `Feature Pyramid Networks
    for Object Detection`, `ICNet for Real-Time Semantic Segmentation`, `Recurrent Fully
    Convolutional Networks for Video Segmentation`. Not after a word that makes the title
    about the method (`Understanding ...`, `Using ...`)."""
    if end >= len(doc) or doc[end].lower_ != "for" or start > 2:
        return False
    before = [t for t in doc[:start] if t.lower_ != "the"]
    return all(t.text[:1].isupper() and t.lower_ not in _ABOUT for t in before)


def opens_name(doc: Doc, start: int, end: int, separator: int | None) -> bool:
    """True when `doc[start:end]` opens a title's name and lower-case words follow it there
    (`FCNs in the Wild: ...`, a variant named after the method)."""
    return start == 0 and separator is not None and end < separator and doc[end].text[:1].islower()


def title_name(doc: Doc, text: str, separator: int | None) -> tuple[int, int] | None:
    """The tokens of the name a title (`doc`, of text `text`) presents as its own, if any: before
    its `separator` (see `separator_of`), the short name in brackets there if it has one, or the
    whole title when it is one name-shaped word or a technique's name (`Mixed Precision
    Training`: two to four capitalized words, the last one naming a kind of technique)."""
    if separator is None or separator == 0:
        words = glued_words(doc[:])
        if len(words) == 1 and shaped_word(words[0]) and name_like(words):
            return 0, len(doc)
        if 2 <= len(words) <= 4 and words[-1].lower() in _TECHNIQUES and name_like(words):
            return 0, len(doc)  # a title that is only a technique's name: `Learning Rate Dropout`
        return None
    start, end = 0, separator
    if doc[end - 1].text == ")" and "(" in [t.text for t in doc[start:end]]:
        opening = max(t.i for t in doc[start:end] if t.text == "(")
        inner = glued_words(doc[opening + 1 : end - 1])
        if len(inner) == 1 and shaped_word(inner[0]):
            return opening + 1, end - 1
        end = opening
    if _KIND_AFTER.match(text[doc[separator].idx + len(doc[separator]) :].lstrip()):
        return None  # `TorchCraft: a Library for ...`
    if end > start and "," not in doc[start:end].text and name_like(glued_words(doc[start:end])):
        return start, end
    return None


_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")


def unversioned(doc: Doc, start: int, end: int) -> int:
    """The end of the name `doc[start:end]` without a separate version mark (`ClickBAIT-v2`,
    `Foo v3`: a version of the method `ClickBAIT`, `Foo`); `end` when it has none."""
    if end - start >= 2 and _VERSION.fullmatch(doc[end - 1].text):
        end -= 1
        if end - start >= 2 and doc[end - 1].text in ("-", "_") and not doc[end - 1].whitespace_:
            end -= 1
    return end


def initials_match(long_words: list[str], short: str) -> bool:
    """`Deep Embedded Clustering` and `DEC`, `Full-Resolution Residual Networks` and `FRRNs`:
    the short name spells the initials of the long one (a plural `s` allowed)."""
    letters = "".join(ch for ch in short if ch.isalpha())
    if letters.endswith("s") and not letters.isupper():
        letters = letters[:-1]
    parts = [p for w in long_words for p in re.split(r"-", w) if p]
    initials = "".join(p[0] for p in parts if _INITIALS_OF.match(p[0]))
    if len(letters) < 2:
        return False
    return letters.upper() == initials.upper() or _spelled(letters.upper(), [p.upper() for p in parts], 0, 0)


def _spelled(letters: str, parts: list[str], i: int, j: int) -> bool:
    """True when `letters[i:]` is spelled by `parts[j:]` in order, each part giving its first
    letter and perhaps more of its own letters (`DMAE`: Deep Matching AutoEncoders)."""
    if j == len(parts):
        return i == len(letters)
    if i >= len(letters) or parts[j][0] != letters[i]:
        return False
    word, i = parts[j], i + 1
    if _spelled(letters, parts, i, j + 1):
        return True
    for k in range(1, len(word)):  # a further letter of this part, then the rest
        if i < len(letters) and word[k] == letters[i] and _spelled(letters, [word[k:], *parts[j + 1 :]], i, 0):
            return True
    return False


def clause_name(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """The name an intro clause or keyword item (`doc[start:end]`) consists of: `(start, end,
    alias)` of its whole text, or of `ABBR` in `Long Name (ABBR)` (alias: the long name; the long
    name may end a longer clause, `... with Coupled Adaptive Batch Size (CABS)`), or of `ABBR`
    in `ABBR (Long Name)`."""
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text != ")":
        end -= 1
    if end - start < 1:
        return None
    long = alias_of(doc, start, end)
    if long is None:  # `... with Coupled Adaptive Batch Size (CABS)`: the last words define it
        long = next((f for s in range(max(start, end - 9), end - 4) if (f := alias_of(doc, s, end))), None)
    if long is not None:
        return end - 2, end - 1, doc[long[0] : long[1]].text
    if end - start >= 4 and doc[start + 1].text == "(" and doc[end - 1].text == ")":  # `MoEx (Moment Exchange)`
        words = glued_words(doc[start + 2 : end - 1])
        if 2 <= len(words) <= 6 and initials_match(words, doc[start].text):
            return start, start + 1, doc[start + 2 : end - 1].text
    return start, end, ""


def alias_of(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The long name of `Long Name (ABBR)` written as `doc[start:end]`, when the short name
    spells its initials; else None."""
    if doc[end - 1].text == ")" and end - start >= 4 and doc[end - 3].text == "(":
        long_words = glued_words(doc[start : end - 3])
        if 2 <= len(long_words) <= 6 and initials_match(long_words, doc[end - 2].text):
            return start, end - 3
    return None
