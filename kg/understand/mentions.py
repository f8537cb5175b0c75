"""Mentions of venues, institutions, frameworks, libraries, datasets and method families in entry
text, found with spaCy rule components (see `kg.understand.patterns` and `kg.understand.spans`)
in the text normalized for matching (`kg.understand.normalize`); each mention keeps its
spelling as written. Knows spaCy; knows nothing of RDF.

Which text is read for what (the contract):
- intro lines: venue (+ year, workshop), institutions, frameworks, libraries, datasets, families;
- keywords lines: frameworks, libraries, datasets, families;
- titles: families, and a venue written as the title's tail (`... (SIGGRAPH 2014)`);
- `arxiv(PAMI 2016)`-style annotations: a venue, when no intro line names one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.read.records import Entry
from kg.understand import names
from kg.understand.normalize import Normalized, normalize
from kg.understand.patterns import rules
from kg.understand.records import EntityKind
from kg.understand.resolve import trim_name
from kg.understand.spans import Span, all_spans
from kg.understand.venues import submitted_before, title_venue_spans, venue_context
from kg.understand.vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

_FRAGMENT_SPLIT = re.compile(
    r"(?<!\b[A-Z])(?<!\bInc)(?<!\betc)(?<!\bal)(?<!\bvs)(?<!\bNo)(?<!\bCo)(?<!\bLtd)(?<!\bCorp)(?<!\bUniv)[.;](?=\s|$)|\s\|\s"
)
_AWARD = re.compile(
    r"\b(?:best\s+\w*\s*paper|award|honou?rable\s+mention|winner|winning|won\b|(?:1st|2nd|3rd|first|second|third)"
    r"[\s-]+place|ranked\s+(?:1st|2nd|3rd|first)|finalist|prize)",
    re.I,
)
_PRESENTATION = re.compile(r"\b(oral|spotlight|poster)\b", re.I)
_V, _I, _F, _L, _D, _M = (
    EntityKind.VENUE,
    EntityKind.INSTITUTION,
    EntityKind.FRAMEWORK,
    EntityKind.LIBRARY,
    EntityKind.DATASET,
    EntityKind.FAMILY,
)
READS: dict[str, tuple[EntityKind, ...]] = {
    "intro": (_V, _I, _F, _L, _D, _M),
    "keywords": (_F, _L, _D, _M),
    "title": (_M, _V),
    "annotation": (_V,),
}
_CLAUSE_CUTS = {"intro": {".", ";", "|"}, "keywords": {".", ";", "|", ","}}


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
    how: str = "mention"  # families: "own-title" / "own-text" for a name the entry presents as its own
    alias: str = ""  # another spelling written with it (`Deep Embedded Clustering` for `DEC`)


@dataclass
class EntryMentions:
    """Every mention found for one entry, and the intro/keyword fragments that gave none."""

    mentions: list[Mention] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, fragment)
    awards: list[str] = field(default_factory=list)  # `CVPR Best Paper Honorable Mention Award`
    presentation: str | None = None  # oral, spotlight or poster
    texts: list[str] = field(default_factory=list)  # its titles, intro and keywords, normalized

    def of(self, kind: EntityKind, *where: str) -> list[Mention]:
        """The mentions of `kind` (found in one of `where`, when given), in reading order."""
        return [m for m in self.mentions if m.kind == kind and (not where or m.where in where)]


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


def _glued_inside(doc: Doc, start: int, end: int) -> bool:
    """True when a name is part of a longer name it is written into (`CT-X`, `X-Net`): a word
    glued on with a hyphen before it, or a capitalized word or number after it (`X-based`
    still names X)."""
    if (
        start >= 2
        and doc[start - 1].text == "-"
        and doc[start - 2].whitespace_ == ""
        and not doc[start - 1].whitespace_
    ):
        return doc[start - 2].text[:1].isalnum()
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        following = doc[end + 1].text
        return following[:1].isupper() or following[:1].isdigit()
    return False


def _clauses(doc: Doc, cuts: set[str]) -> list[tuple[int, int]]:
    """(start, end) of the clauses of `doc`, cut at the tokens `cuts` (read from the doc's
    array of token texts, without making a Token object per token)."""
    from spacy.attrs import ORTH

    hashes = {doc.vocab.strings.add(cut) for cut in cuts}
    out, start = [], 0
    for index, orth in enumerate(doc.to_array(ORTH).tolist()):
        if orth in hashes:
            out.append((start, index))
            start = index + 1
    out.append((start, len(doc)))
    return [(s, e) for s, e in out if e > s]


class Extractor:
    """Finds the mentions of many entries at once (texts are tokenized in one `pipe`)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.rules = rules(vocab)
        self.nlp = self.rules.nlp
        self._docs: dict[str, Doc] = {}
        self._norm: dict[str, Normalized] = {}
        self._found: dict[tuple[str, bool], list[Span]] = {}
        self._read: dict[tuple[str, str], list[Mention]] = {}

    def _spans(self, text: str, *, full: bool = True) -> list[Span]:
        """The names in `text`: all of them (`full`, intro and keywords lines), or only those a
        title or an annotation is read for."""
        if (text, full) not in self._found:
            doc, norm = self._docs[text], self._norm[text].text
            self._found[(text, full)] = all_spans(doc, self.rules, self.vocab, text=norm, full=full)
        return self._found[(text, full)]

    def _prepare(self, texts: Iterable[str]) -> None:
        todo = sorted({t for t in texts if t and t not in self._docs})
        normalized = [normalize(t) for t in todo]
        for text, norm, doc in zip(todo, normalized, self.nlp.tokenizer.pipe(n.text for n in normalized), strict=True):  # type: ignore[union-attr]
            self._docs[text] = doc
            self._norm[text] = norm

    def _written(self, text: str, start: int, end: int) -> str:
        """The original spelling of tokens `start` to `end` of a text's doc."""
        doc = self._docs[text]
        return self._norm[text].original(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))

    def _mention(self, text: str, span: Span, where: str, order: int, **extra: object) -> Mention:
        kind, key, start, end = span
        doc = self._docs[text]
        if kind == EntityKind.VENUE:
            full = where in ("intro", "keywords")
            others = {s for k, ky, s, _ in self._spans(text, full=full) if k == EntityKind.VENUE and ky != key}
            year, workshop, award = venue_context(doc, start, end, others)
            extra = {"year": year, "workshop": workshop, "award": award, "submitted": submitted_before(doc, start)}
        return Mention(kind, key, trim_name(self._written(text, start, end)), where, order, **extra)  # type: ignore[arg-type]

    def _text_mentions(self, text: str, where: str, order: int) -> list[Mention]:
        """Mentions of an intro or keywords line (the same line in several entries is read once),
        numbered from `order` on."""
        found = self._read.get((text, where))
        if found is None:
            found = self._read[(text, where)] = self._read_text(text, where)
        return [replace(mention, order=order + mention.order) for mention in found]

    def _read_text(self, text: str, where: str) -> list[Mention]:
        """Mentions of an intro or keywords line, numbered from 0; a name that is a whole clause
        (or the first keyword) is presented as the entry's own."""
        order = 0
        doc = self._docs[text]
        spans = [s for s in self._spans(text) if s[0] in READS[where]]
        own: dict[tuple[int, int], str] = {}
        clauses = _clauses(doc, _CLAUSE_CUTS[where])
        for start, end in clauses[:1] if where == "keywords" else clauses:
            found = names.clause_name(doc, start, end)
            if found:
                own[found[:2]] = found[2]
                if found[2] and (long := names.alias_of(doc, start, found[1] + 1)):
                    own[long] = ""  # `Focusing Attention Network (FAN)`: the long name is its own too
        out: list[Mention] = []
        for span in spans:
            kind, _, start, end = span
            if kind == EntityKind.FAMILY and _glued_inside(doc, start, end):
                continue
            how = "own-text" if kind == EntityKind.FAMILY and (start, end) in own else "mention"
            out.append(self._mention(text, span, where, order + len(out), how=how, alias=own.get((start, end), "")))
        taken = {i for _, _, s, e in self._spans(text) for i in range(s, e)}
        for (start, end), alias in own.items():
            if not taken.isdisjoint(range(start, end)):
                continue
            if (alias and names.short_name(doc[start].text)) or (end - start == 1 and names.lone_name(doc[start].text)):
                span = (EntityKind.FAMILY, None, start, end)
                out.append(self._mention(text, span, where, order + len(out), how="own-text", alias=alias))
        return out

    def _title_mentions(self, title: str, order: int) -> list[Mention]:
        """Families a title names (its own name, or others it uses), and a venue in its tail."""
        doc = self._docs[title]
        if not len(doc):
            return []  # a title of nothing but invisible characters (a byte order mark) names nothing
        spans = self._spans(title, full=False)
        written = self._norm[title].text
        separator = names.separator_of(doc, written)
        own = names.title_name(doc, written, separator)
        if own is not None and separator is None and " " in written.strip():
            if any(k == EntityKind.FAMILY for k, _, s, e in spans if own[0] <= s and e <= own[1]):
                own = None  # `Sequence-Level Knowledge Distillation`: a known method, qualified
        whole = {(0, len(doc) - (1 if doc[-1].is_punct else 0)), (0, separator)}
        if doc[0].is_punct or doc[0].lower_ in ("a", "an", "the"):
            whole.add((1, separator))  # `"DeepLab": ...`, `The Zorb: ...`; not `Spatial PixelCNN: ...`
        tail = set(title_venue_spans(doc, [(s, e) for k, _, s, e in spans if k == EntityKind.VENUE]))
        out: list[Mention] = []
        for span in spans:
            kind, _, start, end = span
            if kind == EntityKind.VENUE and (start, end) in tail:
                out.append(self._mention(title, span, "title", order + len(out)))
            if kind != EntityKind.FAMILY or _glued_inside(doc, start, end):
                continue
            if (start, end) == own or (start, end) in whole:
                out.append(self._mention(title, span, "title", order + len(out), how="own-title"))
            elif (own is None and names.leads_for(doc, start, end)) or names.opens_name(doc, start, end, separator):
                out.append(self._mention(title, span, "title", order + len(out), how="own-lead"))
            elif own is None or not (own[0] <= start and end <= own[1]):
                out.append(self._mention(title, span, "title", order + len(out)))
        known = {(s, e) for k, _, s, e in spans if k == EntityKind.FAMILY}
        if (
            own is not None
            and own not in known
            and all(
                not (s < own[1] and own[0] < e)
                or (own[0] <= s and e <= own[1] and (k == EntityKind.FAMILY or _glued_inside(doc, s, e)))
                for k, _, s, e in spans
            )
        ):
            span = (EntityKind.FAMILY, None, own[0], names.unversioned(doc, *own))
            out.append(self._mention(title, span, "title", order + len(out), how="own-title"))
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

    def _fragments(self, result: EntryMentions, text: str, where: str, line: int) -> None:
        """Awards, presentation and fragments that named nothing, of one intro or keywords line."""
        doc, norm = self._docs[text], self._norm[text]
        named = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for _, _, s, e in self._spans(text)]
        for start, end, _ in fragments(norm.text):
            fragment = norm.original(start, end)
            if where == "intro" and _AWARD.search(fragment):
                result.awards.append(fragment)
            if where == "intro" and result.presentation is None and (m := _PRESENTATION.search(fragment)):
                result.presentation = m.group(1).lower()
            if not any(a < end and b > start for a, b in named) and re.search(r"\w", fragment):
                result.unplaced.append((line, fragment))

    def _entry(self, entry: Entry) -> EntryMentions:
        result = EntryMentions()
        for f in entry.fields:
            if f.key not in ("intro", "keywords") or not f.text:
                continue
            result.mentions.extend(self._text_mentions(f.text, f.key, len(result.mentions)))
            result.texts.append(self._norm[f.text].text)
            self._fragments(result, f.text, f.key, f.line)
        for title in entry.titles:
            result.mentions.extend(self._title_mentions(title, len(result.mentions)))
            result.texts.append(self._norm[title].text)
        for link in entry.all_links():
            if link.annotation and link.key in ("arxiv", "paper", "pdf"):
                spans = [s for s in self._spans(link.annotation, full=False) if s[0] == EntityKind.VENUE]
                for span in spans:
                    result.mentions.append(self._mention(link.annotation, span, "annotation", len(result.mentions)))
        return result
