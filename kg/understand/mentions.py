"""Mentions of venues, institutions, frameworks, datasets and method families in entry text,
found with spaCy rule components (see `kg.patterns`). Knows spaCy; knows nothing of RDF.

Which text is read for what (the contract):
- intro lines: venue (+ year, workshop), institutions, frameworks, datasets, families;
- keywords lines: frameworks, datasets, families;
- titles: families;
- `arxiv(PAMI 2016)`-style annotations: a venue, when no intro line names one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.read.records import Entry
from kg.understand.patterns import Rules, rules
from kg.understand.records import KIND_OF_RULER_LABEL, EntityKind
from kg.understand.resolve import trim_name
from kg.understand.vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

Span = tuple[EntityKind, str | None, int, int]  # kind, vocabulary key (None: found by shape), first and end token

_YEAR = re.compile(r"^(?:'(\d{2})|((?:19|20)\d{2})|(\d{2}))$")
_WORKSHOP = re.compile(r"\bworkshops?\b|^[A-Z]{3,}W$", re.I)
_AWARD_BEFORE = re.compile(r"\b(?:winner|winning|won|winners|place|ranked|entry|rank|1st|2nd|3rd)\b", re.I)
_SUBMITTED_BEFORE = re.compile(r"^(?:submitted|submission|submit|review|reviewing|consideration)$", re.I)
_AWARD_AFTER = re.compile(r"\b(?:challenge|competition|contest|leaderboard)\b", re.I)
_FRAGMENT_SPLIT = re.compile(
    r"(?<!\b[A-Z])(?<!\bInc)(?<!\betc)(?<!\bal)(?<!\bvs)(?<!\bNo)(?<!\bCo)(?<!\bLtd)(?<!\bCorp)[.;](?=\s|$)|\s\|\s"
)
_WORKSHOP_VENUE = re.compile(r"^([A-Z]{3,})W$")
_AWARD = re.compile(
    r"\b(?:best\s+\w*\s*paper|award|honou?rable\s+mention|winner|winning|won\b|(?:1st|2nd|3rd|first|second|third)"
    r"[\s-]+place|ranked\s+(?:1st|2nd|3rd|first)|finalist|prize)",
    re.I,
)
_PRESENTATION = re.compile(r"\b(oral|spotlight|poster)\b", re.I)
# What an intro field may say of an entry: which fields feed which kinds.
_V, _I, _F, _D, _M = (
    EntityKind.VENUE,
    EntityKind.INSTITUTION,
    EntityKind.FRAMEWORK,
    EntityKind.DATASET,
    EntityKind.FAMILY,
)
READS: dict[str, tuple[EntityKind, ...]] = {
    "intro": (_V, _I, _F, _D, _M),
    "keywords": (_F, _D, _M),
    "title": (_M,),
}


@dataclass(frozen=True)
class Mention:
    """A name found in entry text: its kind, vocabulary key (None when the vocabulary does not
    know it), the text as written, and where it was found."""

    kind: EntityKind
    key: str | None
    text: str
    where: str  # "intro", "keywords", "title", "annotation"
    order: int  # position among all mentions of the entry, in reading order
    year: int | None = None
    workshop: bool = False
    award: bool = False  # a venue named in a challenge result, not as a publication
    submitted: bool = False  # `submitted to CVPR 2019`, `under review at ...`: not (yet) a venue


@dataclass
class EntryMentions:
    """Every mention found for one entry, and the intro/keyword fragments that gave none."""

    mentions: list[Mention] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, fragment)
    awards: list[str] = field(default_factory=list)  # `CVPR Best Paper Honorable Mention Award`
    presentation: str | None = None  # oral, spotlight or poster

    def of(self, kind: EntityKind, *where: str) -> list[Mention]:
        """The mentions of `kind` (found in one of `where`, when given), in reading order."""
        return [m for m in self.mentions if m.kind == kind and (not where or m.where in where)]


def _year(text: str) -> int | None:
    m = _YEAR.match(text)
    if not m:
        return None
    if m.group(2):
        return int(m.group(2))
    two = int(m.group(1) or m.group(3))
    return 2000 + two if two < 70 else 1900 + two


_METRIC_WORDS = frozenset({"score", "scores", "distance", "loss", "metric"})
_SMALL_WORDS = frozenset("of for and the on in at de du des la le der und with to a an".split())


def _title_cased(span_text: str) -> bool:
    """True when every longer word of a multi-word name is capitalized (`Pattern Recognition`,
    not `pattern recognition`): everyday phrases must not pass for journal or dataset names."""
    # the first word of each space-separated token: `Instance-sensitive` counts as `Instance`
    words = [m.group(0) for token in span_text.split() if (m := re.search(r"[^\W\d_]+", token))]
    words = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(words) < 2 or all(w[0].isupper() for w in words if len(w) >= 4)


def _followed_by_year(doc: Doc, end: int) -> bool:
    i = end
    while i < len(doc) and doc[i].text in {"-", "'"}:
        i += 1
    return i < len(doc) and bool(_YEAR.match(doc[i].text)) and (len(doc[i].text) == 4 or doc[i - 1].whitespace_ == "")


def ruler_matches(ruler: Any, doc: Doc) -> list[tuple[int, int, int]]:
    """What spaCy's `EntityRuler.match(doc)` returns, computed from the ruler's own matchers:
    `match` first counts every pattern of the ruler to check that it has some, on every call
    (0.8 s of the 0.9 s the rulers took on 10,000 texts). `Rules.rulers` holds only rulers
    that have patterns."""
    found = list(ruler.phrase_matcher(doc))
    if len(ruler.matcher):  # token patterns (paperkg's vocabulary makes only phrase patterns)
        found += ruler.matcher(doc)
    matches = {(m, start, end) for m, start, end in found if start != end}
    return sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _spans(doc: Doc, rule: Rules) -> list[Span]:
    """(kind, key, start, end) of every vocabulary and shape match, overlaps resolved: the
    longest span wins, then the earliest. An acronym of a venue in other case (`Cvpr`, `CVPr`)
    counts only with a year after it."""
    nlp = rule.nlp
    strings = nlp.vocab.strings
    lowered_only = rule.lowered_only
    found: list[tuple[int, int, EntityKind, str | None]] = []
    for name, ruler in rule.rulers:
        for match_id, start, end in ruler_matches(ruler, doc):
            label, _, ident = strings[match_id].partition("||")
            span = doc[start:end]
            kind_name, _, key = ident.partition(":")
            kind = EntityKind(kind_name) if kind_name else KIND_OF_RULER_LABEL[label]
            if name == "vocab_any_case":
                if (ident, span.text.lower()) in lowered_only and span.text.islower():
                    continue
                if kind != EntityKind.FRAMEWORK and not _title_cased(span.text):
                    continue
            if name == "venue_acronyms_any_case" and not _followed_by_year(doc, end):
                continue
            if kind == EntityKind.FAMILY and end < len(doc) and doc[end].lower_ in _METRIC_WORDS:
                continue  # `Inception score`, `Fréchet Inception Distance` are metrics
            found.append((start, end, kind, key or None))
    for _, start, end in rule.institutions(doc):
        found.append((start, end, EntityKind.INSTITUTION, None))
    # longest first; at equal length a vocabulary match beats a shape match
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], f[3] is None, f[2], f[3] or ""))
    taken: set[int] = set()
    chosen = []
    for first, last, found_kind, found_key in found:
        if taken.isdisjoint(range(first, last)):
            taken.update(range(first, last))
            chosen.append((found_kind, found_key, first, last))
    return sorted(chosen, key=lambda c: c[2])


def _venue_context(doc: Doc, start: int, end: int, others: set[int]) -> tuple[int | None, bool, bool]:
    """Year, workshop and award flags of a venue mention at doc[start:end]; `others` are the
    tokens where mentions of other venues begin (a later year belongs to the nearest venue)."""
    year = None
    i = end
    # skip `(TIP)`, `,`, `-`, and a second mention of the same venue
    while i < len(doc) and doc[i].text in {"(", ")", ",", "-", "'", ":"} | {t.text for t in doc[start:end]}:
        i += 1
    if i < len(doc):
        candidate = doc[i]
        attached = doc[i - 1].whitespace_ == "" or candidate.text.startswith("'")
        if _YEAR.match(candidate.text) and (len(candidate.text) == 4 or attached):
            year = _year(candidate.text)
    if year is None:
        # `NIPS Workshop on Adversarial Training, Dec 2016`: a year later in the same clause
        for token in doc[end : min(len(doc), end + 12)]:
            if token.text in {".", ";"} or token.i in others:
                break
            if re.fullmatch(r"(?:19|20)\d{2}", token.text):
                year = int(token.text)
                break
    sentence = _sentence_of(doc, start)
    workshop = bool(_WORKSHOP.search(sentence)) or bool(_WORKSHOP_VENUE.match(doc[start:end].text))
    award = _award_nearby(doc, start, end)
    return year, workshop, award


def _award_nearby(doc: Doc, start: int, end: int) -> bool:
    """True when the venue is named in a challenge result (`winner of the COCO 2016 challenge`):
    an award word shortly before or a challenge word shortly after, with no punctuation between."""
    for token in reversed(doc[max(0, start - 6) : start]):
        if token.is_punct:
            break
        if _AWARD_BEFORE.fullmatch(token.text):
            return True
    for token in doc[end : min(len(doc), end + 5)]:
        if token.is_punct and token.text not in {"-", "'"}:
            break
        if _AWARD_AFTER.fullmatch(token.text):
            return True
    return False


def _sentence_of(doc: Doc, index: int) -> str:
    """The clause around token `index`: between the nearest `.` or `;` tokens."""
    left = index
    while left > 0 and doc[left - 1].text not in {".", ";"}:
        left -= 1
    right = index
    while right < len(doc) and doc[right].text not in {".", ";"}:
        right += 1
    return doc[left:right].text


def fragments(text: str) -> list[tuple[int, int, str]]:
    """`text` cut at sentence ends and semicolons (not at `Inc.` or initials): each piece with
    the character offsets of its trimmed text."""
    pieces = []
    start = 0
    for cut in [*_FRAGMENT_SPLIT.finditer(text), None]:
        end = cut.start() if cut else len(text)
        piece = text[start:end]
        trimmed = piece.strip(" ,")
        if trimmed:
            offset = start + piece.index(trimmed)
            pieces.append((offset, offset + len(trimmed), trimmed))
        start = cut.end() if cut else end
    return pieces


def _workshop_acronym(doc: Doc, vocab: Vocabulary) -> list[tuple[str, int, int]]:
    """`CVPRW`, `ICCVW`: a venue acronym with a W glued on (a workshop of that venue)."""
    found = []
    for token in doc:
        m = _WORKSHOP_VENUE.match(token.text)
        if m:
            concept = vocab.lookup(EntityKind.VENUE, m.group(1))
            if concept is not None:
                found.append((concept.key, token.i, token.i + 1))
    return found


class Extractor:
    """Finds the mentions of many entries at once (texts are tokenized in one `pipe`)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.rules = rules(vocab)
        self.nlp = self.rules.nlp
        self._docs: dict[str, Doc] = {}
        self._found: dict[str, list[Span]] = {}

    def _all_spans(self, text: str) -> list[Span]:
        """Every match in `text`, workshop acronyms (`CVPRW`) included, in token order."""
        if text not in self._found:
            doc = self._docs[text]
            spans = _spans(doc, self.rules)
            taken = {i for _, _, s, e in spans for i in range(s, e)}
            spans += [
                (EntityKind.VENUE, key, s, e) for key, s, e in _workshop_acronym(doc, self.vocab) if s not in taken
            ]
            self._found[text] = sorted(spans, key=lambda c: c[2])
        return self._found[text]

    def _prepare(self, texts: Iterable[str]) -> None:
        todo = sorted({t for t in texts if t and t not in self._docs})
        for text, doc in zip(todo, self.nlp.tokenizer.pipe(todo), strict=True):  # type: ignore[union-attr]
            self._docs[text] = doc

    def _mentions(self, text: str, where: str, kinds: Sequence[EntityKind], order: int) -> list[Mention]:
        doc = self._docs[text]
        out: list[Mention] = []
        venues = [(s, k) for kind, k, s, _ in self._all_spans(text) if kind == EntityKind.VENUE]
        for kind, key, start, end in self._all_spans(text):
            if kind not in kinds:
                continue
            year = workshop = award = submitted = None
            if kind == EntityKind.VENUE:
                others = {s for s, k in venues if k != key}
                year, workshop, award = _venue_context(doc, start, end, others)
                submitted = any(_SUBMITTED_BEFORE.match(t.text) for t in doc[max(0, start - 4) : start])
            text_span = trim_name(doc[start:end].text)
            out.append(
                Mention(
                    kind, key, text_span, where, order + len(out), year, bool(workshop), bool(award), bool(submitted)
                )
            )
        return out

    def extract(self, entries: Sequence[Entry]) -> list[EntryMentions]:
        """The mentions of each entry, in the order of `entries`."""
        texts: list[str] = []
        for entry in entries:
            texts.extend(entry.titles)
            texts.extend(f.text for f in entry.fields if f.key in ("intro", "keywords"))
            texts.extend(link.annotation for link in entry.all_links() if link.annotation)
        self._prepare(texts)
        return [self._entry(entry) for entry in entries]

    def _entry(self, entry: Entry) -> EntryMentions:
        result = EntryMentions()
        order = 0
        for f in entry.fields:
            if f.key not in ("intro", "keywords") or not f.text:
                continue
            found = self._mentions(f.text, f.key, READS[f.key], order)
            result.mentions.extend(found)
            order += len(found)
            doc = self._docs[f.text]
            named = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for _, _, s, e in self._all_spans(f.text)]
            for start, end, fragment in fragments(f.text):
                if f.key == "intro" and _AWARD.search(fragment):
                    result.awards.append(fragment)
                if f.key == "intro" and result.presentation is None and (m := _PRESENTATION.search(fragment)):
                    result.presentation = m.group(1).lower()
                if not any(a < end and b > start for a, b in named) and re.search(r"\w", fragment):
                    result.unplaced.append((f.line, fragment))
        for title in entry.titles:
            found = self._mentions(title, "title", READS["title"], order)
            result.mentions.extend(found)
            order += len(found)
        for link in entry.all_links():
            if link.annotation and link.key in ("arxiv", "paper", "pdf"):
                found = self._mentions(link.annotation, "annotation", (EntityKind.VENUE,), order)
                result.mentions.extend(found)
                order += len(found)
        return result
