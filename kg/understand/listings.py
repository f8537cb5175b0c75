"""The understanding stage as one function: parsed documents in, listings out (each entry of each
list with its kind, its resource's key and title, its topics, links and facts), plus the method
family hierarchy and what was not understood."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kg.read.records import Document, Problem, Severity
from kg.understand import identity
from kg.understand.consolidate import consolidate
from kg.understand.facts import mention_facts, structural_facts
from kg.understand.families import family_ancestors, heading_families
from kg.understand.headings import structural
from kg.understand.kinds import classify, entry_arxiv_id
from kg.understand.mentions import EntryMentions, Extractor
from kg.understand.records import Entity, Facts, Listing, PlacedLink, Understanding
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
        from_structure, unused = structural_facts(vocab, entry)
        problems.extend(unused)
        found.append((mention_facts(vocab, from_structure, mentions, headings, entry_kind=classify(entry)), mentions))
    return found, problems


def _listings(doc: Document, facts: list[Facts], list_name: str, source_key: str) -> list[Listing]:
    """The listings of one document, each with its resource's key and its own."""
    occurrences: Counter[str] = Counter()  # entries of a title so far
    repeats: Counter[str] = Counter()  # appearances of a resource in this list so far
    found = []
    for entry, entry_facts in zip(doc.entries, facts, strict=True):
        kind = classify(entry)
        arxiv = entry_arxiv_id(entry)
        title = identity.title_key(entry.title)
        key = identity.entry_key(entry, kind, arxiv, occurrences[title])
        occurrences[title] += 1
        repeats[key] += 1
        links = tuple(
            PlacedLink(link, identity.code_repository(link), identity.link_key(key, link)) for link in entry.all_links()
        )
        found.append(
            Listing(
                entry,
                kind,
                key,
                identity.listing_key(key, list_name, repeats[key]),
                source_key,
                arxiv,
                tuple(identity.topic(heading.text) for heading in entry.sections if not structural(heading.text)),
                " / ".join(heading.text for heading in entry.sections),
                links,
                entry_facts,
            )
        )
    return found


def understand(documents: Sequence[Document], vocab: Vocabulary) -> Understanding:
    """Understand the parsed `documents` with the vocabulary `vocab`."""
    extractor = Extractor(vocab)
    problems: list[Problem] = [p for doc in documents for p in doc.problems]
    unplaced: list[Problem] = []
    broader: set[tuple[Entity, Entity]] = set()
    names = identity.list_names(list(documents))
    source_keys = tuple(identity.source_key(name) for name in names)
    listings: list[Listing] = []
    for doc, name, source_key in zip(documents, names, source_keys, strict=True):
        found, unused = _document_facts(vocab, extractor, doc)
        problems.extend(unused)
        listings.extend(_listings(doc, [facts for facts, _ in found], name, source_key))
        for facts, mentions in found:
            for family in (*facts.families, *facts.uses):
                broader.update(family_ancestors(vocab, family))
            unplaced.extend(
                Problem(doc.source, line, Severity.UNUSED, f"no entity in {fragment!r}")
                for line, fragment in mentions.unplaced
            )
    resources, disagreements = consolidate(vocab, listings)
    return Understanding(
        tuple(documents),
        source_keys,
        tuple(resources),
        tuple(sorted(broader)),
        tuple(sorted(set(problems))),
        tuple(sorted(set(unplaced))),
        tuple(sorted(set(disagreements))),
    )
