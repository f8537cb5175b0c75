"""The understanding stage as one function: parsed documents in, listings out (each entry of each
list with its kind, its resource's key and title, its topics, links and facts), plus the method
family hierarchy and what was not understood."""

from __future__ import annotations

from collections.abc import Sequence

from kg.read.records import Document, Entry, Problem, Severity
from kg.understand import identity
from kg.understand.facts import mention_facts, structural_facts
from kg.understand.families import family_ancestors, heading_families
from kg.understand.headings import structural
from kg.understand.kinds import classify, entry_arxiv_id
from kg.understand.mentions import EntryMentions, Extractor
from kg.understand.records import Entity, EntryKind, Facts, Listing, PlacedLink, Understanding
from kg.understand.vocabulary import Vocabulary


def _document_facts(
    vocab: Vocabulary, extractor: Extractor, doc: Document
) -> tuple[list[tuple[Facts, EntryMentions]], list[Problem]]:
    """The facts of each entry of `doc` (with its mentions), and the problems met."""
    families_of = {heading.line: heading_families(vocab, heading.text) for heading in doc.headings}
    introduced: set[int] = set()  # headings whose first entry has been seen
    found: list[tuple[Facts, EntryMentions]] = []
    problems: list[Problem] = []
    for entry, mentions in zip(doc.entries, extractor.extract(doc.entries), strict=True):
        first = bool(entry.sections) and entry.sections[-1].line not in introduced
        if first:
            introduced.add(entry.sections[-1].line)
        headings = [
            (family, first and depth == 0)
            for depth, heading in enumerate(reversed(entry.sections))
            for family in families_of.get(heading.line, [])
        ]
        structural, unused = structural_facts(vocab, entry)
        problems.extend(unused)
        found.append((mention_facts(vocab, structural, mentions, headings, entry_kind=classify(entry)), mentions))
    return found, problems


def _known_titles(documents: Sequence[Document]) -> dict[str, str]:
    """Title key -> arXiv id of every paper of the build that has one (first listing wins)."""
    known: dict[str, str] = {}
    for doc in documents:
        for entry in doc.entries:
            arxiv = entry_arxiv_id(entry)
            if arxiv and classify(entry) is EntryKind.PAPER:
                for title in entry.titles:
                    known.setdefault(identity.title_key(title), arxiv)
    return known


def _listing(entry: Entry, facts: Facts, source_key: str, known: dict[str, str], titles: dict[str, str]) -> Listing:
    kind = classify(entry)
    arxiv = entry_arxiv_id(entry)
    key = identity.entry_key(entry, kind, arxiv, known)
    first = key not in titles
    title = titles.setdefault(key, entry.title)
    links = tuple(
        PlacedLink(link, identity.code_repository(link), identity.link_key(key, link)) for link in entry.all_links()
    )
    sections = tuple(identity.topic(heading.text) for heading in entry.sections if not structural(heading.text))
    return Listing(entry, kind, key, source_key, first, title, arxiv, sections, links, facts)


def understand(documents: Sequence[Document], vocab: Vocabulary) -> Understanding:
    """Understand the parsed `documents` with the vocabulary `vocab`."""
    extractor = Extractor(vocab)
    problems: list[Problem] = [p for doc in documents for p in doc.problems]
    unplaced: list[Problem] = []
    broader: set[tuple[Entity, Entity]] = set()
    known = _known_titles(documents)
    titles: dict[str, str] = {}  # resource key -> the title its first listing gave it
    listings: list[Listing] = []
    source_keys = tuple(identity.source_key(doc) for doc in documents)
    for doc, source_key in zip(documents, source_keys, strict=True):
        found, unused = _document_facts(vocab, extractor, doc)
        problems.extend(unused)
        for entry, (facts, mentions) in zip(doc.entries, found, strict=True):
            listings.append(_listing(entry, facts, source_key, known, titles))
            for family in (*facts.families, *facts.uses):
                broader.update(family_ancestors(vocab, family))
            unplaced.extend(
                Problem(doc.source, line, Severity.UNUSED, f"no entity in {fragment!r}")
                for line, fragment in mentions.unplaced
            )
    return Understanding(
        tuple(documents),
        source_keys,
        tuple(listings),
        tuple(sorted(broader)),
        tuple(sorted(set(problems))),
        tuple(sorted(set(unplaced))),
    )
