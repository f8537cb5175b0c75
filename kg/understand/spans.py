"""Where names are in one tokenized text: every vocabulary match and every shape match of the
rule pipeline (`kg.understand.patterns`), overlaps resolved, plus the names found by rules over
the tokens (venue acronyms with a year, `CVPRW`, datasets listed beside known ones).

Overlaps: the longest span wins, then the earliest; at equal length a vocabulary match beats a
shape match. A known dataset followed by a qualifier that makes it another dataset
(`COCO-Stuff`) becomes that longer, unknown dataset, and one followed by a year that names a
known edition becomes that edition (`DAVIS Challenge ... 2017`); the name after `Dataset-` is a
dataset whatever else it could be.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.understand import datasets
from kg.understand.institutions import cities_dropped, listed_with_institutions, sub_units_joined
from kg.understand.patterns import SHAPE_TRIGGERS, Rules
from kg.understand.phrases import doc_hashes
from kg.understand.records import KIND_OF_RULER_LABEL, EntityKind
from kg.understand.venues import acronym_venues, followed_by_year, long_form_key, workshop_acronyms
from kg.understand.vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

Span = tuple[EntityKind, str | None, int, int]  # kind, vocabulary key (None: found by shape), first and end token
_Found = tuple[int, int, EntityKind, str | None]

_METRIC_WORDS = frozenset({"score", "scores", "distance", "loss", "metric"})
_SMALL_WORDS = frozenset("of for and the on in at de du des la le der und with to a an".split())
_SHAPE_KINDS = {"ORG_SHAPE": EntityKind.INSTITUTION, "VENUE_SHAPE": EntityKind.VENUE}


def _title_cased(span_text: str) -> bool:
    """True when every longer word of a multi-word name is capitalized (`Pattern Recognition`,
    not `pattern recognition`): everyday phrases must not pass for journal or dataset names."""
    # the first word of each space-separated token: `Instance-sensitive` counts as `Instance`
    words = [m.group(0) for token in span_text.split() if (m := re.search(r"[^\W\d_]+", token))]
    words = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(words) < 2 or all(w[0].isupper() for w in words if len(w) >= 4)


def _vocabulary_matches(doc: Doc, rule: Rules) -> list[_Found]:
    """Every vocabulary match: any-case matches of capitalized-only labels must not be lower
    case, multi-word ones must be title-cased; venue acronyms in odd case need a year after
    them; `Inception score` is a metric, not the family."""
    found: list[_Found] = []
    hashes = doc_hashes(doc)
    for name, table in rule.phrases:
        for (label, ident), start, end in table.find(hashes[table.attr]):
            span = doc[start:end]
            kind_name, _, key = ident.partition(":")
            kind = EntityKind(kind_name) if kind_name else KIND_OF_RULER_LABEL[label]
            if name == "vocab_any_case":
                if (ident, span.text.lower()) in rule.lowered_only and span.text.islower():
                    continue
                if kind not in (EntityKind.FRAMEWORK, EntityKind.LIBRARY) and not _title_cased(span.text):
                    continue
                if (
                    kind == EntityKind.FAMILY
                    and (ident, span.text.lower()) in rule.camel_only
                    and not _case_kept(span.text)
                ):
                    continue
            if name == "venue_acronyms_any_case" and not followed_by_year(doc, end):
                continue
            if kind == EntityKind.VENUE and everyday_venue(span.text) and not venue_written(doc, start, end):
                continue  # `... with Neural Networks`: the words, not the journal
            if kind == EntityKind.FAMILY and end < len(doc) and doc[end].lower_ in _METRIC_WORDS:
                continue  # `Inception score`, `Fréchet Inception Distance` are metrics
            found.append((start, end, kind, key or None))
    return found


# A journal named with one to three plain words (`Neural Networks`, `Pattern Recognition`, `Nature`)
_EVERYDAY = re.compile(r"^[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|of|and|in|for)){0,2}$")
_VENUE_WORDS = re.compile(
    r"journal|conference|transactions|proceedings|symposium|workshop|letters|summit|congress|meeting|forum", re.I
)
_ALONE_BEFORE = frozenset({".", ";", "(", "[", ",", ":"})
_ALONE_AFTER = frozenset({".", ";", ")", "]", ","})
_LEADS = frozenset({"in", "at", "to", "published", "accepted", "appear", "appears", "journal"})


def everyday_venue(text: str) -> bool:
    """True for a venue named with everyday words, which name the venue only where a venue is
    written (`venue_written`)."""
    return bool(_EVERYDAY.match(text)) and not _VENUE_WORDS.search(text)


def venue_written(doc: Doc, start: int, end: int) -> bool:
    """True when a year follows `doc[start:end]` (`Nature 2016`, `Neural Networks, 2017`), a word
    after which venues are written comes before it (`published in Pattern Recognition`), or it
    stands alone as a clause or in brackets (`- intro: Pattern Recognition`, `(Nature)`)."""
    if followed_by_year(doc, end) or (end < len(doc) and doc[end].text == "," and followed_by_year(doc, end + 1)):
        return True
    if start > 0 and doc[start - 1].lower_ in _LEADS:
        return True
    alone_before = start == 0 or doc[start - 1].text in _ALONE_BEFORE
    return alone_before and (end == len(doc) or doc[end].text in _ALONE_AFTER)


def _case_kept(text: str) -> bool:
    """A name with a capital inside its word (`DetectoRS`) matched in other case only when the
    text keeps a capital inside a word too, or is all capitals: `Detectors` is a word."""
    return bool(re.search(r"[a-z][A-Z]", text)) or not any(ch.islower() for ch in text)


def _shape_matches(doc: Doc, text: str, rule: Rules, vocab: Vocabulary) -> list[_Found]:
    """Institutions, long-form venues (the vocabulary's venue when only the publisher differs)
    and headed datasets found by the shape matcher."""
    found: list[_Found] = []
    headed: list[tuple[int, int]] = []
    matches = [
        (label, start, end)
        for label, matcher in rule.shapes
        if SHAPE_TRIGGERS[label].search(text)
        for _, start, end in matcher(doc)
    ]
    for label, start, end in matches:
        if label == "DATASET_SHAPE":
            headed.append((start, end))
        elif label == "VENUE_SHAPE":
            if _title_cased(doc[start:end].text):
                found.append((start, end, EntityKind.VENUE, long_form_key(vocab, doc[start:end].text)))
        else:  # an institution: the vocabulary's, when it differs only by a leading `The`
            rest = doc[start + 1 : end].text if doc[start].lower_ == "the" else None
            known = vocab.lookup(EntityKind.INSTITUTION, rest) if rest else None
            found.append((start, end, EntityKind.INSTITUTION, known.key if known else None))
    found += [(s, e, EntityKind.DATASET, None) for s, e in datasets.headed(doc, headed)]
    return found


def _joined(doc: Doc, found: list[_Found]) -> list[_Found]:
    """Without the shape matches that run two institutions together over `and`
    (`University of Koblenz-Landau and Queensland University of Technology`): a known
    institution begins after an `and` inside them."""
    known = [(s, e) for s, e, kind, key in found if kind == EntityKind.INSTITUTION and key is not None]
    kept = []
    for start, end, kind, key in found:
        if kind == EntityKind.INSTITUTION and key is None:
            ands = [t.i for t in doc[start:end] if t.lower_ == "and"]
            if any(a < s < end and e <= end for a in ands for s, e in known):
                continue
        kept.append((start, end, kind, key))
    return kept


def _resolve(found: list[_Found]) -> list[Span]:
    """Overlaps resolved: longest first; at equal length a vocabulary match beats a shape match."""
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], f[3] is None, f[2], f[3] or ""))
    taken: set[int] = set()
    chosen: list[Span] = []
    for first, last, kind, key in found:
        if taken.isdisjoint(range(first, last)):
            taken.update(range(first, last))
            chosen.append((kind, key, first, last))
    return chosen


def all_spans(doc: Doc, rule: Rules, vocab: Vocabulary, *, text: str | None = None, full: bool = True) -> list[Span]:
    """Every name in `doc`, in token order (see the module docstring). Without `full` (a title
    or an annotation: only families and venues are read there), only the vocabulary's names
    and `CVPRW`-like acronyms. `text` is the doc's text, when the caller has it (spaCy builds
    `doc.text` anew on each call)."""
    text = doc.text if text is None else text
    found = _vocabulary_matches(doc, rule)
    if full:
        found = _open_world(doc, text, rule, vocab, found)
    chosen = _resolve(_joined(doc, found)) if full else _resolve(found)
    chosen.sort(key=lambda c: c[2])
    if full:
        chosen = sub_units_joined(doc, cities_dropped(doc, chosen))
        for s, e in listed_with_institutions(doc, chosen):
            concept = vocab.lookup(EntityKind.INSTITUTION, doc[s:e].text)
            chosen.append((EntityKind.INSTITUTION, concept.key if concept else None, s, e))
    taken = {i for _, _, s, e in chosen for i in range(s, e)}
    for key, s, e in workshop_acronyms(doc, text, vocab):
        if s not in taken:
            chosen.append((EntityKind.VENUE, key, s, e))
            taken.add(s)
    if full:
        for s, e in acronym_venues(doc, text, taken, vocab):
            chosen.append((EntityKind.VENUE, None, s, e))
            taken.update(range(s, e))
        known = [(s, e) for kind, _, s, e in chosen if kind == EntityKind.DATASET]
        chosen += [(EntityKind.DATASET, None, s, e) for s, e in datasets.listed_beside_known(doc, known, taken)]
    return sorted(chosen, key=lambda c: c[2])


def _open_world(doc: Doc, text: str, rule: Rules, vocab: Vocabulary, found: list[_Found]) -> list[_Found]:
    """`found` with the names found by shape, dataset variants and editions, and `Dataset-X`."""
    found = found + _shape_matches(doc, text, rule, vocab)
    variants: list[_Found] = []
    for start, end, kind, key in found:
        if kind != EntityKind.DATASET or key is None:
            continue
        if (longer := datasets.variant_end(doc, end)) > end:
            variants.append((start, longer, EntityKind.DATASET, None))
        elif edition := datasets.edition(doc, start, end, vocab):
            variants.append((start, edition[0], EntityKind.DATASET, edition[1]))
    found += variants
    forced = datasets.after_dataset_dash(doc) if "ataset-" in text else []
    if forced:
        inside = {i for s, e in forced for i in range(s, e)}
        found = [f for f in found if inside.isdisjoint(range(f[0], f[1]))]
        found += [(s, e, EntityKind.DATASET, None) for s, e in forced]
    return found
