"""Venues in entry text: the year and workshop flag written with a venue, whether it is named in
a challenge result or a submission rather than as a publication, and venues the vocabulary does
not know, found by where and how they are written (`<ACRONYM> <year>` where a venue goes)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.understand.records import EntityKind
from kg.understand.vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

YEAR = re.compile(r"^(?:'(\d{2})|((?:19|20)\d{2})|(\d{2}))$")
_WORKSHOP = re.compile(r"\bworkshops?\b|^[A-Z]{3,}W$", re.I)
_AWARD_BEFORE = re.compile(
    r"\b(?:winner|winning|won|winners|place|placed|ranked|entry|rank|1st|2nd|3rd|champion|runner-up)\b", re.I
)
_SUBMITTED_BEFORE = re.compile(r"^(?:submitted|submission|submit|review|reviewing|consideration)$", re.I)
_EXTENDS = re.compile(r"^(?:extended|extension|extends|extending)$", re.I)
_AWARD_AFTER = re.compile(r"\b(?:challenge|competition|contest|leaderboard|track)\b", re.I)
_WORKSHOP_VENUE = re.compile(r"^([A-Z]{3,})W$")
_CLAUSE_END = frozenset({".", ";", "|"})
# An acronym (`ACCV`) or a developers' conference named `...Con` (`CppCon`, `PyCon`, `JuliaCon`);
# other names with a capital inside are as often companies (`MetaMind 2016`)
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9]{2,9}|[A-Z][a-z]+Conf?)$")
_ACRONYM_YEAR = re.compile(r"\b([A-Z][A-Z0-9]{2,9}?|[A-Z][a-z]+Conf?)\s?[-']?\s?\d\d")  # where to look
_WORKSHOP_GLUED = re.compile(r"[A-Z]{3,}W\b")
# Words after which a venue is written (`accepted at`, `published in`, `to appear in`).
_VENUE_LEAD = frozenset(
    "accepted accept published publish appear appears appearing presented present in at to by on @ and".split()
)
_OTHER_KINDS = (EntityKind.DATASET, EntityKind.INSTITUTION, EntityKind.FRAMEWORK, EntityKind.LIBRARY, EntityKind.FAMILY)


def year_of(text: str) -> int | None:
    """The year a token writes (`2017`, `'17`, `17`), or None."""
    m = YEAR.match(text)
    if not m:
        return None
    if m.group(2):
        return int(m.group(2))
    two = int(m.group(1) or m.group(3))
    return 2000 + two if two < 70 else 1900 + two


def _year_at(doc: Doc, i: int) -> int | None:
    """The year written at token `i` right after a venue: four digits, or two glued to the venue
    or after an apostrophe (`CVPR'17`, `ECCV18`, `AAAI-17`)."""
    if i >= len(doc):
        return None
    candidate = doc[i]
    attached = doc[i - 1].whitespace_ == "" or candidate.text.startswith("'")
    if YEAR.match(candidate.text) and (len(candidate.text) == 4 or attached):
        return year_of(candidate.text)
    return None


def followed_by_year(doc: Doc, end: int) -> bool:
    """True when a year follows the token before `end`, past a `-` or `'`."""
    i = end
    while i < len(doc) and doc[i].text in {"-", "'"}:
        i += 1
    return _year_at(doc, i) is not None


def venue_context(doc: Doc, start: int, end: int, others: set[int]) -> tuple[int | None, bool, bool]:
    """Year, workshop and award flags of a venue mention at doc[start:end]; `others` are the
    tokens where mentions of other venues begin (a later year belongs to the nearest venue)."""
    i = end
    # skip `(TIP)`, `,`, `-`, and a second mention of the same venue
    while i < len(doc) and doc[i].text in {"(", ")", ",", "-", "'", ":"} | {t.text for t in doc[start:end]}:
        i += 1
    year = _year_at(doc, i)
    if year is None:
        # `NIPS Workshop on Adversarial Training, Dec 2016`: a year later in the same clause
        for token in doc[end : min(len(doc), end + 12)]:
            if token.text in _CLAUSE_END or token.i in others:
                break
            if re.fullmatch(r"(?:19|20)\d{2}", token.text):
                year = int(token.text)
                break
    workshop = bool(_WORKSHOP.search(clause_of(doc, start))) or bool(_WORKSHOP_VENUE.match(doc[start:end].text))
    if not workshop:
        # `Visualization for Deep Learning workshop. ICML 2016`: the workshop named just before
        left, right = _clause_bounds(doc, start)
        before = _clause_bounds(doc, left - 2) if left >= 2 else None
        if before and not others & set(range(*before)):
            workshop = bool(_WORKSHOP.search(doc[before[0] : before[1]].text))
    return year, workshop, award_nearby(doc, start, end, workshop=workshop)


def award_nearby(doc: Doc, start: int, end: int, *, workshop: bool = False) -> bool:
    """True when the venue is named in a challenge result, not as a publication: an award word
    before it in the same clause (`won 2nd place in the ... challenge ... at ECCV`), or a
    challenge word shortly after it (`COCO 2016 challenge`) unless its clause says workshop (a
    workshop named `... Challenge` is still a workshop at its conference)."""
    for token in reversed(doc[:start]):
        if token.text in _CLAUSE_END:
            break
        if _AWARD_BEFORE.fullmatch(token.text):
            return True
    if workshop:
        return False
    for token in doc[end : min(len(doc), end + 5)]:
        if token.is_punct and token.text not in {"-", "'"}:
            break
        if _AWARD_AFTER.fullmatch(token.text):
            return True
    return False


def submitted_before(doc: Doc, start: int) -> bool:
    """`submitted to CVPR 2019`, `under review at ...`: not (yet) a venue; `extended version of
    a paper at ACML 2018`: the venue of an earlier paper, not of this one."""
    if any(_SUBMITTED_BEFORE.match(t.text) for t in doc[max(0, start - 4) : start]):
        return True
    return any(_EXTENDS.match(t.text) for t in doc[max(0, start - 7) : start] if t.text not in _CLAUSE_END)


def _clause_bounds(doc: Doc, index: int) -> tuple[int, int]:
    left = index
    while left > 0 and doc[left - 1].text not in _CLAUSE_END:
        left -= 1
    right = index
    while right < len(doc) and doc[right].text not in _CLAUSE_END:
        right += 1
    return left, right


def clause_of(doc: Doc, index: int) -> str:
    """The clause around token `index`: between the nearest `.`, `;` or `|` tokens."""
    left, right = _clause_bounds(doc, index)
    return doc[left:right].text


def workshop_acronyms(doc: Doc, text: str, vocab: Vocabulary) -> list[tuple[str, int, int]]:
    """`CVPRW`, `ICCVW`: a venue acronym with a W glued on (a workshop of that venue)."""
    found: list[tuple[str, int, int]] = []
    for glued in _WORKSHOP_GLUED.finditer(text):
        span = doc.char_span(glued.start(), glued.end(), alignment_mode="expand")
        if span is None or len(span) != 1:
            continue
        token = span[0]
        m = _WORKSHOP_VENUE.match(token.text)
        concept = vocab.lookup(EntityKind.VENUE, m.group(1)) if m else None
        if concept is not None:
            found.append((concept.key, token.i, token.i + 1))
    return found


def _at_venue_place(doc: Doc, i: int) -> bool:
    """True when token `i` begins a clause or list item, or follows a word after which venues
    are written (`accepted at`, `published in`, `@`)."""
    if i == 0:
        return True
    before = doc[i - 1]
    return before.text in _CLAUSE_END | {",", "(", "[", "&", "/", "-", ":"} or before.lower_ in _VENUE_LEAD


def acronym_venues(doc: Doc, text: str, taken: set[int], vocab: Vocabulary) -> list[tuple[int, int]]:
    """Venues the vocabulary does not know, written as `<ACRONYM> <year>` where a venue goes:
    `ACCV 2016`, `WACV'18`, `accepted at ICONIP 2017`, `CppCon 2017`. Not when the acronym is known as another
    kind of entity, is named in a challenge result (`NTIRE 2018 challenge`) or after `Dataset-`."""
    found: list[tuple[int, int]] = []
    for candidate in _ACRONYM_YEAR.finditer(text):
        span = doc.char_span(candidate.start(), candidate.start() + len(candidate.group(1)), alignment_mode="expand")
        if span is None or len(span) != 1:
            continue
        token = span[0]
        i = token.i
        if i in taken or not _ACRONYM.match(token.text) or sum(ch.isalpha() for ch in token.text) < 3:
            continue
        if not followed_by_year(doc, i + 1) or not _at_venue_place(doc, i):
            continue
        if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in {"dataset", "datasets"}:
            continue
        if any(vocab.lookup(kind, token.text) for kind in _OTHER_KINDS):
            continue
        after = doc[i + 1 : min(len(doc), i + 5)].text
        if _AWARD_AFTER.search(after) or award_nearby(doc, i, i + 1):
            continue
        found.append((i, i + 1))
    return found


def _year_after(doc: Doc, end: int) -> bool:
    """True when a year follows the token before `end` (`ICCV 2017`, `ICCV17`, `NIPS'2015`)."""
    if end < len(doc) and doc[end].text in {"'", "’"}:
        end += 1
    return end < len(doc) and YEAR.match(doc[end].text) is not None


def title_venue_spans(doc: Doc, venue_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The venue spans of a title that say where the entry appeared: its tail (`... (SIGGRAPH
    2014)`, `... [NIPS 2016]`, `... - NIPS 2017`), a venue and year after a spaced dash (`Deep
    Learning - NIPS'2015 Tutorial`), or a venue and year that open the title (an event's entry:
    `ICCV 2017 Tutorial on GANs`, `ICLR 2017 Videos`, `Proceedings of IJCAI 2018`). A venue
    inside the title's words (`On the Robustness of the CVPR 2018 ... Defenses`) names a topic,
    not where the entry appeared."""
    found = []
    for start, end in venue_spans:
        if start == _opening(doc) and _year_after(doc, end):
            found.append((start, end))
            continue
        i = start - 1
        if i < 0 or doc[i].text not in {"(", "[", "-", "–", "—"}:
            continue
        closing = {"(": ")", "[": "]"}.get(doc[i].text)
        if closing is None:  # a dash
            if not (doc[i].whitespace_ and i > 0 and doc[i - 1].whitespace_):
                continue  # a dash inside a word (`conference-iclr-2016`) is no title tail
            if _year_after(doc, end):
                found.append((start, end))
                continue
        j = end
        while j < len(doc) and (YEAR.match(doc[j].text) or doc[j].text in {"'", "-"}):
            j += 1
        if closing and j < len(doc) and doc[j].text == closing:
            j += 1
        elif closing:
            continue
        if j == len(doc) or (j < len(doc) and doc[j].text in {"[", "("}):
            found.append((start, end))
    return found


def _opening(doc: Doc) -> int:
    """Where a title's own words begin: after `Proceedings of (the)` (`Proceedings of IJCAI 2018`)."""
    words = [t.lower_ for t in doc[:3]]
    if words[:2] == ["proceedings", "of"]:
        return 3 if words[2:] == ["the"] else 2
    return 0


_PUBLISHERS = ("", "IEEE ", "ACM ", "IEEE/CVF ")


def long_form_key(vocab: Vocabulary, text: str) -> str | None:
    """The vocabulary venue a long form names once its publisher is added or dropped
    (`International Conference on Data Mining` is the IEEE one, ICDM), or None."""
    name = re.sub(r"^(?:IEEE/CVF|IEEE/ACM|IEEE|ACM)\s+", "", text.strip())
    for publisher in _PUBLISHERS:
        concept = vocab.lookup(EntityKind.VENUE, publisher + name)
        if concept is not None:
            return concept.key
    return None
