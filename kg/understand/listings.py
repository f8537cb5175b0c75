"""The understanding stage as one function: parsed documents in, listings out (each entry of each
list with its kind, its resource's key and title, its topics, links and facts), plus the method
family hierarchy and what was not understood."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kg.read.records import Document, Problem, Severity
from kg.understand import identity
from kg.understand.consolidate import consolidate
from kg.understand.facts import mention_facts, structural_facts
from kg.understand.families import family_ancestors, heading_families
from kg.understand.headings import structural
from kg.understand.kinds import classify, entry_arxiv_id
from kg.understand.mentions import Extractor
from kg.understand.records import Entity, Facts, Listing, PlacedLink, Understanding
from kg.understand.vocabulary import Vocabulary


@dataclass(frozen=True)
class ReadList:
    """What reading and understanding one list gave, on its own (the unit the build caches and
    may compute in another process): the parsed document, the facts of each of its entries, the
    lines not used, the fragments that named nothing, the family hierarchy its facts need, and
    its listings as they are when the list is known by its file name (`combine` redoes them in
    the rare build where two lists share a file name)."""

    document: Document
    facts: tuple[Facts, ...]
    problems: tuple[Problem, ...]
    unplaced: tuple[Problem, ...]
    broader: tuple[tuple[Entity, Entity], ...]
    listings: tuple[Listing, ...]


def understand_document(doc: Document, vocab: Vocabulary, extractor: Extractor) -> ReadList:
    """Understand one parsed list with `vocab` (through `extractor`, made of the same vocabulary)."""
    families_of = {heading.line: heading_families(vocab, heading.text) for heading in doc.headings}
    introduced: set[int] = set()  # headings whose first entry has been seen
    facts: list[Facts] = []
    problems: list[Problem] = []
    unplaced: list[Problem] = []
    broader: set[tuple[Entity, Entity]] = set()
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
        entry_facts = mention_facts(vocab, from_structure, mentions, headings, entry_kind=classify(entry))
        facts.append(entry_facts)
        for family in (*entry_facts.families, *entry_facts.uses):
            broader.update(family_ancestors(vocab, family))
        unplaced.extend(
            Problem(doc.source, line, Severity.UNUSED, f"no entity in {fragment!r}")
            for line, fragment in mentions.unplaced
        )
    name = identity.file_name(doc.source)
    listings = _listings(doc, facts, name, identity.source_key(name))
    return ReadList(doc, tuple(facts), tuple(problems), tuple(unplaced), tuple(sorted(broader)), tuple(listings))


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
    return combine([understand_document(doc, vocab, extractor) for doc in documents], vocab)


def combine(lists: Sequence[ReadList], vocab: Vocabulary) -> Understanding:
    """The understanding of a build from what each of its lists gave (`understand_document`):
    the listings of every list with their identities, and the resources they consolidate into."""
    documents = [read.document for read in lists]
    names = identity.list_names(documents)
    source_keys = tuple(identity.source_key(name) for name in names)
    listings: list[Listing] = []
    for read, name, source_key in zip(lists, names, source_keys, strict=True):
        if name == identity.file_name(read.document.source):
            listings.extend(read.listings)
        else:
            listings.extend(_listings(read.document, list(read.facts), name, source_key))
    resources, disagreements = consolidate(vocab, listings)
    problems = {p for read in lists for p in (*read.document.problems, *read.problems)}
    return Understanding(
        tuple(documents),
        source_keys,
        tuple(resources),
        tuple(sorted({pair for read in lists for pair in read.broader})),
        tuple(sorted(problems)),
        tuple(sorted({p for read in lists for p in read.unplaced})),
        tuple(sorted(set(disagreements))),
    )
