"""Names the vocabulary does not know, found by the shape of their tokens: spaCy `Matcher`
patterns (plain data) for institutions, venues written in long form, and datasets named with a
head word (`the X dataset`). Venue acronyms with a year and datasets in lists are found by the
rules in `kg.understand.venues` and `kg.understand.datasets`.
"""

from __future__ import annotations

from typing import Any

Pattern = list[dict[str, Any]]

_CAPITAL = r"[A-ZÀ-ÖØ-Þ]"
# A word of a name: capitalized (`Carnegie`, `ETH`, `R&D`), or a possessive or a hyphen inside
# it (`Queen's`, `Tel-Aviv`).
_NAME = {"TEXT": {"REGEX": rf"^{_CAPITAL}[\w&'.+-]*$"}}
_NAME_PART = {"TEXT": {"REGEX": rf"^(?:{_CAPITAL}[\w&'.+-]*|'s|-)$"}}
_NAME_OR_LINK = {"TEXT": {"REGEX": rf"^(?:{_CAPITAL}[\w&'.+-]*|'s|-|of|for|and|de|der|di|la|le|du|des)$"}}
# Words that end an institution's name (`X University`, `X Research`, `X Inc.`) or begin it
# (`University of X`, `Ecole Polytechnique de X`).
_SCHOOLS = [
    "university",
    "universität",
    "universitat",
    "université",
    "universite",
    "universidad",
    "universidade",
    "università",
    "universiteit",
    "univ",
    "institute",
    "institut",
    "instituto",
    "istituto",
    "polytechnic",
    "politecnico",
]
_HEAD_AFTER = {
    "IS_LOWER": False,  # `Adobe Research`, not `AI research`
    "LOWER": {
        "IN": _SCHOOLS
        + "institution laboratory laboratories lab labs research college academy inc inc. corporation corp "
        "corp. ltd ltd. limited technologies technology center centre school gmbh co. llc ai group robotics "
        "hospital r&d division".split()
    },
}
_HEAD_BEFORE = {"LOWER": {"IN": _SCHOOLS + "academy school college laboratory centre center ecole école".split()}}
_LINK = {"LOWER": {"IN": ["of", "for", "at", "de", "di", "del", "der", "für"]}}
# A field joined to another by `&` inside a name (`Science & Technology`, `Arts & Design`)
_FIELD = {"TEXT": {"IN": ["Technology", "Sciences", "Science", "Engineering", "Arts", "Design", "Medicine"]}}
# A region a lab is named after: `Konica Minolta Laboratory Europe`, `NEC Laboratories America`.
_REGION = {"TEXT": {"IN": ["Europe", "Asia", "America", "Americas", "Africa", "Asia-Pacific", "Pacific"]}}
INSTITUTION_SHAPES: list[Pattern] = [
    # Washington State University, Hikvision Research Institute, Megvii Inc., Kyoto Univ.
    [_NAME, {**_NAME_PART, "OP": "*"}, _HEAD_AFTER, {"ORTH": ".", "OP": "?"}],
    [_NAME, {**_NAME_PART, "OP": "*"}, _HEAD_AFTER, _REGION],
    # Toyota Technological Institute at Chicago, Max Planck Institute For Intelligent Systems
    [_NAME, {**_NAME_PART, "OP": "*"}, _HEAD_AFTER, _LINK, _NAME, {**_NAME_OR_LINK, "OP": "*"}],
    # University of Toronto, Institute of Automation, Ecole Polytechnique de Montreal, Univ. of Tokyo
    [_HEAD_BEFORE, {"ORTH": ".", "OP": "?"}, _LINK, _NAME, {**_NAME_OR_LINK, "OP": "*"}],
    # University of Science & Technology, Hong Kong University of Science & Technology
    [_HEAD_BEFORE, _LINK, _NAME, {"ORTH": "&"}, _FIELD],
    [_NAME, {**_NAME_PART, "OP": "*"}, _HEAD_AFTER, _LINK, _NAME, {"ORTH": "&"}, _FIELD],
    [_HEAD_BEFORE, {**_NAME, "OP": "+"}, {"LOWER": {"IN": ["de", "of"]}, "OP": "?"}, {**_NAME, "OP": "*"}],
]

# Venues written in long form that the vocabulary lacks: `IEEE Transactions on Medical Imaging`,
# `International Journal of Computer Assisted Radiology`, `Neural Processing Letters`,
# `Asian Conference on Machine Learning`, `Proceedings of the ...`.
_VENUE_WORD = {"TEXT": {"REGEX": rf"^(?:{_CAPITAL}[\w&'-]*|of|on|for|and|in|&)$"}}
_PUBLISHER = {"TEXT": {"IN": ["IEEE", "ACM", "IEEE/CVF", "IEEE/ACM", "SIAM", "AAAI", "Springer", "Elsevier"]}}
_SERIES = {"LOWER": {"IN": ["transactions", "journal", "conference", "symposium", "proceedings"]}}
VENUE_SHAPES: list[Pattern] = [
    [
        {**_PUBLISHER, "OP": "?"},
        {"TEXT": {"REGEX": rf"^{_CAPITAL}\w+$"}, "OP": "*"},
        _SERIES,
        {"LOWER": {"IN": ["on", "of", "in"]}},
        {"LOWER": "the", "OP": "?"},
        _NAME,
        {**_VENUE_WORD, "OP": "*"},
        _NAME,
    ],
    [_NAME, {**_NAME, "OP": "*"}, {"TEXT": {"IN": ["Letters", "Journal", "Transactions"]}}],
]

# Datasets named with a head word: `MSMT17 dataset`, `the CelebA-HQ dataset`, `MPII benchmark`,
# `a new dataset, named XYZ-Set`.
# The name must hold a token shaped like a name (an acronym, a capital inside a word, a digit);
# `kg.understand.datasets` cuts the head word off and drops field words (`Person Re-ID dataset`).
_DATA_NAME = {"TEXT": {"REGEX": r"^(?:[A-Za-z][\w+]*[A-Z0-9][\w+]*|[A-Z][a-z]*|\d+[A-Za-z]{0,2}|-)$"}}
_DATA_WORD = {"TEXT": {"REGEX": r"^[A-Za-z][\w+]*$"}}  # the first word: a letter first
DATASET_HEADS = ("dataset", "datasets", "benchmark", "benchmarks", "database", "corpus")
_HEAD = {"LOWER": {"IN": list(DATASET_HEADS)}}
DATASET_SHAPES: list[Pattern] = [
    [_DATA_WORD, {**_DATA_NAME, "OP": "*"}, _HEAD],
    [_DATA_WORD, {**_DATA_NAME, "OP": "*"}, {"LOWER": "data"}, {"LOWER": "set"}],
    # `a new benchmark Frobnicate-7K`: the head word first
    [
        _HEAD,
        {"ORTH": ",", "OP": "?"},
        {"LOWER": {"IN": ["named", "called", "dubbed"]}, "OP": "?"},
        _DATA_WORD,
        {**_DATA_NAME, "OP": "*"},
    ],
]
